// Times Apache Kafka's own ValueToKey -> ExtractField$Key -> RegexRouter chain over N source records
// (used by benches/transforms_bench.py for the same-run comparison). Prints records/s as JSON.
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.ExtractField;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.ValueToKey;

public class ChainBench {
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Schema schema = SchemaBuilder.struct().name("row").field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.STRING_SCHEMA).build();
        SourceRecord[] records = new SourceRecord[n];
        for (int i = 0; i < n; i++) {
            Struct row = new Struct(schema).put("id", (long) i).put("name", "row-" + i);
            records[i] = new SourceRecord(Map.of("t", "rows"), Map.of("id", i), "orders", null, null, null, schema, row);
        }
        ValueToKey<SourceRecord> key = new ValueToKey<>();
        key.configure(Map.of("fields", "id"));
        ExtractField.Key<SourceRecord> extract = new ExtractField.Key<>();
        extract.configure(Map.of("field", "id"));
        RegexRouter<SourceRecord> route = new RegexRouter<>();
        route.configure(Map.of("regex", "(.*)", "replacement", "$1-out"));
        List<Transformation<SourceRecord>> chain = List.of(key, extract, route);
        double best = 0;
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            for (SourceRecord record : records) {
                SourceRecord current = record;
                for (Transformation<SourceRecord> t : chain) {
                    current = t.apply(current);
                }
                sink += current.topic().length();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, n / seconds);
        }
        System.out.println("{\"java_records_per_s\": " + Math.round(best) + ", \"checksum\": " + sink + "}");
    }
}
