package dev.writ.lineagefn.metrics;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * The start of an alarm-grade log line that is also a CloudWatch embedded-metric-format record:
 * one {@code Count} of {@code metric} in namespace {@value #NAMESPACE}, dimension {@code Table}
 * (one series per table: chains and witnesses are properties, not dimensions), and
 * {@code "level":"ALARM"} with the alarm's name. Callers add the details and print it as one line.
 */
public final class EmfAlarm {
    public static final String NAMESPACE = "Writ/Lineage";

    private EmfAlarm() {
    }

    public static JsonObjectBuilder of(String metric, String alarm, String table, long nowMillis) {
        JsonObjectBuilder aws = Json.createObjectBuilder()
                .add("Timestamp", nowMillis)
                .add("CloudWatchMetrics", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("Namespace", NAMESPACE)
                        .add("Dimensions", Json.createArrayBuilder().add(Json.createArrayBuilder().add("Table")))
                        .add("Metrics", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("Name", metric).add("Unit", "Count")))));
        return Json.createObjectBuilder()
                .add("_aws", aws)
                .add("Table", table)
                .add(metric, 1)
                .add("level", "ALARM")
                .add("alarm", alarm);
    }
}
