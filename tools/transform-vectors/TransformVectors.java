// Generates expected outputs of Apache Kafka's real transforms and predicates for kconnect's tests.
// Usage: see generate.sh. Input: cases.json (a list of cases); output: the same cases with "expected".
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

public class TransformVectors {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonConverter CONVERTER = new JsonConverter();

    public static void main(String[] args) throws Exception {
        Map<String, String> converterConfig = new HashMap<>();
        converterConfig.put("schemas.enable", "true");
        converterConfig.put("converter.type", "value");
        CONVERTER.configure(converterConfig);
        JsonNode cases = MAPPER.readTree(new File(args[0]));
        ArrayNode results = MAPPER.createArrayNode();
        for (JsonNode testCase : cases) {
            ObjectNode result = (ObjectNode) testCase.deepCopy();
            result.set("expected", run(testCase));
            results.add(result);
        }
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(new File(args[1]), results);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonNode run(JsonNode testCase) {
        ObjectNode outcome = MAPPER.createObjectNode();
        try {
            Object plugin = Class.forName(testCase.get("class").asText()).getDeclaredConstructor().newInstance();
            Map<String, Object> config = MAPPER.convertValue(testCase.get("config"), Map.class);
            ConnectRecord record = toRecord(testCase.get("record"));
            if (plugin instanceof Predicate) {
                Predicate predicate = (Predicate) plugin;
                predicate.configure(config);
                outcome.put("test", predicate.test(record));
                return outcome;
            }
            Transformation transformation = (Transformation) plugin;
            transformation.configure(config);
            ConnectRecord transformed = transformation.apply(record);
            if (transformed == null) {
                outcome.put("dropped", true);
                return outcome;
            }
            return describe(transformed);
        } catch (Throwable e) {
            outcome.put("error", e.getClass().getSimpleName());
            outcome.put("message", String.valueOf(e.getMessage()));
            return outcome;
        }
    }

    private static SchemaAndValue toConnect(String topic, JsonNode envelope) throws Exception {
        if (envelope == null || envelope.isNull()) {
            return SchemaAndValue.NULL;
        }
        return CONVERTER.toConnectData(topic, MAPPER.writeValueAsBytes(envelope));
    }

    private static JsonNode fromConnect(String topic, org.apache.kafka.connect.data.Schema schema, Object value)
            throws Exception {
        byte[] bytes = CONVERTER.fromConnectData(topic, schema, value);
        return bytes == null ? NullNode.getInstance() : MAPPER.readTree(bytes);
    }

    private static ConnectRecord<?> toRecord(JsonNode spec) throws Exception {
        String topic = spec.get("topic").asText();
        Integer partition = spec.hasNonNull("partition") ? spec.get("partition").asInt() : null;
        Long timestamp = spec.hasNonNull("timestamp") ? spec.get("timestamp").asLong() : null;
        SchemaAndValue key = toConnect(topic, spec.get("key"));
        SchemaAndValue value = toConnect(topic, spec.get("value"));
        ConnectHeaders headers = new ConnectHeaders();
        if (spec.has("headers")) {
            for (JsonNode header : spec.get("headers")) {
                SchemaAndValue converted = toConnect(topic, header.get("value"));
                headers.add(header.get("key").asText(), converted);
            }
        }
        if ("source".equals(spec.path("kind").asText("sink"))) {
            return new SourceRecord(Map.of("p", 0), Map.of("o", 0), topic, partition, key.schema(), key.value(),
                    value.schema(), value.value(), timestamp, headers);
        }
        return new SinkRecord(topic, partition == null ? 0 : partition, key.schema(), key.value(), value.schema(),
                value.value(), spec.path("offset").asLong(0), timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, headers);
    }

    private static JsonNode describe(ConnectRecord<?> record) throws Exception {
        ObjectNode out = MAPPER.createObjectNode();
        out.put("topic", record.topic());
        if (record.kafkaPartition() == null) {
            out.putNull("partition");
        } else {
            out.put("partition", record.kafkaPartition());
        }
        if (record.timestamp() == null) {
            out.putNull("timestamp");
        } else {
            out.put("timestamp", record.timestamp());
        }
        out.set("key", fromConnect(record.topic(), record.keySchema(), record.key()));
        out.set("value", fromConnect(record.topic(), record.valueSchema(), record.value()));
        ArrayNode headers = out.putArray("headers");
        for (Header header : record.headers()) {
            ObjectNode h = headers.addObject();
            h.put("key", header.key());
            h.set("value", fromConnect(record.topic(), header.schema(), header.value()));
        }
        return out;
    }
}
