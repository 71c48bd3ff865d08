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
 * ({@code default} when it names none).
 */
final class EventBridgeEvents {

    private EventBridgeEvents() {
    }

    static SdkRequest attach(SdkRequest call, ChildSource children) {
        PutEventsRequest request = (PutEventsRequest) call;
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (PutEventsRequestEntry entry : request.entries()) {
            String bus = entry.eventBusName() == null ? "default" : entry.eventBusName();
            Map<String, Object> detail = WritMember.object(entry.detail(), "events:PutEvents to " + bus + ": the Detail");
            String writ = children.child(HopKind.EVENTS_PUT, bus, WritMember.digest(detail));
            entries.add(entry.toBuilder().detail(WritMember.with(detail, writ)).build());
        }
        return request.toBuilder().entries(entries).build();
    }
}
