package dev.writ.guard.hop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * EventBridge {@code PutEvents}: entries have no attributes, so each entry's {@code Detail} (a JSON
 * object) carries its writ as member {@code _writ}; the target asked for is the entry's bus
 * ({@code default} when it names none). Each entry with its writ must stay within EventBridge's
 * limit of an entry, else the call is not sent.
 */
final class EventBridgeEvents {

    /** EventBridge's limit of a {@code PutEvents} entry: 1 MiB since January 2026 (256 KiB before). */
    static final int MAX_ENTRY_BYTES = 1024 * 1024;
    private static final SizeLimit LIMIT = new SizeLimit("EventBridge's", MAX_ENTRY_BYTES, "1 MiB per entry");
    /** What EventBridge counts for an entry's {@code Time}, whatever its value. */
    private static final int TIME_BYTES = 14;

    private EventBridgeEvents() {
    }

    static SdkRequest attach(SdkRequest call, ChildSource children) {
        PutEventsRequest request = (PutEventsRequest) call;
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (PutEventsRequestEntry entry : request.entries()) {
            String bus = entry.eventBusName() == null ? "default" : entry.eventBusName();
            String hop = "events:PutEvents to " + bus;
            Map<String, Object> detail = WritMember.object(entry.detail(), hop + ": the Detail");
            // Too large already without the writ: no child is asked for a call that cannot be sent.
            LIMIT.require(bytes(entry), hop + ": the entry");
            String writ = children.child(HopKind.EVENTS_PUT, bus, WritMember.digest(detail));
            PutEventsRequestEntry carrying = entry.toBuilder().detail(WritMember.with(detail, writ)).build();
            LIMIT.require(bytes(carrying), hop + ": the entry with the writ");
            entries.add(carrying);
        }
        return request.toBuilder().entries(entries).build();
    }

    /** The entry's size as EventBridge computes it ("Calculating PutEvents event entry size", EventBridge User Guide). */
    static long bytes(PutEventsRequestEntry entry) {
        long size = entry.time() == null ? 0 : TIME_BYTES;
        size += SizeLimit.utf8(entry.source()) + SizeLimit.utf8(entry.detailType()) + SizeLimit.utf8(entry.detail());
        for (String resource : entry.resources()) {
            size += SizeLimit.utf8(resource);
        }
        return size;
    }
}
