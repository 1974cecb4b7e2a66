package kconnect.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.converters.BooleanConverter;
import org.apache.kafka.connect.converters.DoubleConverter;
import org.apache.kafka.connect.converters.FloatConverter;
import org.apache.kafka.connect.converters.IntegerConverter;
import org.apache.kafka.connect.converters.LongConverter;
import org.apache.kafka.connect.converters.ShortConverter;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;

import java.io.File;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs Apache Kafka's real JsonConverter over a set of cases and writes them,
 * with the bytes it produced and what it reads back, as kconnect test vectors.
 *
 * Usage: mvn -q compile exec:java -Dexec.args=../../tests/vectors/jsonconverter.json
 * (also writes simpleheaderconverter.json, numberconverters.json and stringconverter.json
 * next to it).
 */
public final class Generate {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ArrayNode CASES = F.arrayNode();
    private static final ArrayNode DECODE_CASES = F.arrayNode();
    private static final ArrayNode HEADER_ENCODE = F.arrayNode();
    private static final ArrayNode HEADER_DECODE = F.arrayNode();
    private static final ArrayNode STRING_ENCODE = F.arrayNode();
    private static final ArrayNode STRING_DECODE = F.arrayNode();
    private static final ArrayNode NUMBER_ENCODE = F.arrayNode();
    private static final ArrayNode NUMBER_DECODE = F.arrayNode();

    private Generate() { }

    // ---------------------------------------------------------------------------------------
    // Describing schemas and values in a neutral JSON form the Python tests rebuild.

    static JsonNode schemaDesc(Schema s) {
        if (s == null) return F.nullNode();
        ObjectNode o = F.objectNode();
        o.put("type", s.type().getName());
        o.put("optional", s.isOptional());
        if (s.name() != null) o.put("name", s.name());
        if (s.version() != null) o.put("version", s.version());
        if (s.doc() != null) o.put("doc", s.doc());
        if (s.parameters() != null) {
            ObjectNode p = o.putObject("parameters");
            for (Map.Entry<String, String> e : s.parameters().entrySet()) p.put(e.getKey(), e.getValue());
        }
        switch (s.type()) {
            case ARRAY:
                o.set("items", schemaDesc(s.valueSchema()));
                break;
            case MAP:
                o.set("keys", schemaDesc(s.keySchema()));
                o.set("values", schemaDesc(s.valueSchema()));
                break;
            case STRUCT:
                ArrayNode fields = o.putArray("fields");
                for (Field f : s.fields()) {
                    ObjectNode fo = fields.addObject();
                    fo.put("name", f.name());
                    fo.set("schema", schemaDesc(f.schema()));
                }
                break;
            default:
                break;
        }
        if (s.defaultValue() != null) o.set("default", valueDesc(s, s.defaultValue()));
        return o;
    }

    static JsonNode valueDesc(Schema s, Object v) {
        if (v == null) return F.nullNode();
        ObjectNode o = F.objectNode();
        if (s != null && s.name() != null) {
            switch (s.name()) {
                case Decimal.LOGICAL_NAME:
                    o.put("decimal", ((BigDecimal) v).toString());
                    return o;
                case Date.LOGICAL_NAME:
                    o.put("date", Date.fromLogical(s, (java.util.Date) v));
                    return o;
                case Time.LOGICAL_NAME:
                    o.put("time", Time.fromLogical(s, (java.util.Date) v));
                    return o;
                case Timestamp.LOGICAL_NAME:
                    o.put("timestamp", Timestamp.fromLogical(s, (java.util.Date) v));
                    return o;
                default:
                    break;
            }
        }
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            o.put("int", ((Number) v).longValue());
        } else if (v instanceof Float) {
            o.put("float32", Float.toString((Float) v));
        } else if (v instanceof Double) {
            o.put("float", Double.toString((Double) v));
        } else if (v instanceof BigDecimal) {
            o.put("decimal", v.toString());
        } else if (v instanceof Boolean) {
            o.put("bool", (Boolean) v);
        } else if (v instanceof String) {
            o.put("string", (String) v);
        } else if (v instanceof byte[]) {
            o.put("bytes", Base64.getEncoder().encodeToString((byte[]) v));
        } else if (v instanceof ByteBuffer) {
            o.put("bytes", Base64.getEncoder().encodeToString(((ByteBuffer) v).array()));
        } else if (v instanceof List) {
            ArrayNode a = o.putArray("array");
            for (Object item : (List<?>) v) a.add(valueDesc(s == null ? null : s.valueSchema(), item));
        } else if (v instanceof Map) {
            ArrayNode a = o.putArray("map");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                ArrayNode pair = a.addArray();
                pair.add(valueDesc(s == null ? null : s.keySchema(), e.getKey()));
                pair.add(valueDesc(s == null ? null : s.valueSchema(), e.getValue()));
            }
        } else if (v instanceof Struct) {
            Struct st = (Struct) v;
            ObjectNode fo = o.putObject("struct");
            for (Field f : st.schema().fields()) fo.set(f.name(), valueDesc(f.schema(), st.getWithoutDefault(f.name())));
        } else {
            throw new IllegalArgumentException("cannot describe " + v.getClass());
        }
        return o;
    }

    // ---------------------------------------------------------------------------------------

    static JsonConverter converter(Map<String, Object> config) {
        JsonConverter c = new JsonConverter();
        c.configure(config, false);
        return c;
    }

    static Map<String, Object> cfg(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static ObjectNode configNode(Map<String, Object> config) {
        ObjectNode o = F.objectNode();
        for (Map.Entry<String, Object> e : config.entrySet()) o.put(e.getKey(), String.valueOf(e.getValue()));
        return o;
    }

    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static String rootMessage(Throwable t) {
        return t.getMessage();
    }

    /** Encode with the real converter; record bytes and what the converter reads back. */
    static void encodeCase(String name, Map<String, Object> config, Schema schema, Object value) {
        ObjectNode c = CASES.addObject();
        c.put("name", name);
        c.set("config", configNode(config));
        c.set("schema", schemaDesc(schema));
        c.set("value", valueDesc(schema, value));
        JsonConverter conv = converter(config);
        byte[] out;
        try {
            out = conv.fromConnectData("topic", schema, value);
        } catch (RuntimeException e) {
            c.put("encode_error", rootMessage(e));
            return;
        }
        c.put("bytes", text(out));
        try {
            SchemaAndValue back = conv.toConnectData("topic", out);
            ObjectNode d = c.putObject("decoded");
            d.set("schema", schemaDesc(back.schema()));
            d.set("value", valueDesc(back.schema(), back.value()));
        } catch (RuntimeException e) {
            c.put("decode_error", rootMessage(e));
        }
    }

    /** Decode given bytes with the real converter. */
    static void decodeCase(String name, Map<String, Object> config, String input) {
        ObjectNode c = DECODE_CASES.addObject();
        c.put("name", name);
        c.set("config", configNode(config));
        c.put("bytes", input);
        JsonConverter conv = converter(config);
        try {
            SchemaAndValue back = conv.toConnectData("topic", input == null ? null : input.getBytes(StandardCharsets.UTF_8));
            c.set("schema", schemaDesc(back.schema()));
            c.set("value", valueDesc(back.schema(), back.value()));
        } catch (RuntimeException e) {
            c.put("error", rootMessage(e));
        }
    }

    static void both(String name, Schema schema, Object value) {
        encodeCase(name + "/schemas", cfg(), schema, value);
        encodeCase(name + "/plain", cfg("schemas.enable", false), schema, value);
    }

    static java.util.Date ms(long millis) {
        return new java.util.Date(millis);
    }

    @SuppressWarnings("checkstyle:MethodLength")
    static void cases() {
        // -- primitives ------------------------------------------------------------------------
        both("int8/min", Schema.INT8_SCHEMA, (byte) -128);
        both("int8/max", Schema.INT8_SCHEMA, (byte) 127);
        both("int16", Schema.INT16_SCHEMA, (short) -32768);
        both("int32", Schema.INT32_SCHEMA, 2147483647);
        both("int64/max", Schema.INT64_SCHEMA, Long.MAX_VALUE);
        both("int64/min", Schema.INT64_SCHEMA, Long.MIN_VALUE);
        float[] floats = {1.5f, 0.1f, -0.0f, 3.4e38f, 1e-10f, 1e7f, 123456.79f, 0.001f, Float.NaN, Float.POSITIVE_INFINITY};
        for (float f : floats) both("float32/" + f, Schema.FLOAT32_SCHEMA, f);
        double[] doubles = {0.0, -0.0, 1.0, 0.1, 100.0, 1e7, 9999999.0, 1e-3, 1e-4, 1.0E-5, 123456.789, 1e21, 1e300,
            4.9e-324, Double.MAX_VALUE, 2.0 / 3.0, -1234.5678e-20, 5e-324, 1.0E23, 2e-7,
            Double.NaN, Double.NEGATIVE_INFINITY};
        for (double d : doubles) both("float64/" + d, Schema.FLOAT64_SCHEMA, d);
        both("boolean/true", Schema.BOOLEAN_SCHEMA, true);
        both("boolean/false", Schema.BOOLEAN_SCHEMA, false);
        both("string/plain", Schema.STRING_SCHEMA, "hello");
        both("string/empty", Schema.STRING_SCHEMA, "");
        both("string/escapes", Schema.STRING_SCHEMA, "q\"b\\s/\n\r\t\b\f\u0001\u001f\u007f");
        both("string/unicode", Schema.STRING_SCHEMA, "é中文😀\u2028");
        both("bytes/binary", Schema.BYTES_SCHEMA, new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 127});
        both("bytes/empty", Schema.BYTES_SCHEMA, new byte[0]);
        both("bytes/buffer", Schema.BYTES_SCHEMA, ByteBuffer.wrap("abcd".getBytes(StandardCharsets.UTF_8)));

        // -- optional, null, defaults ---------------------------------------------------------
        both("optional/null", Schema.OPTIONAL_INT32_SCHEMA, null);
        both("optional/string-null", Schema.OPTIONAL_STRING_SCHEMA, null);
        both("tombstone", null, null);
        both("required/null", Schema.INT32_SCHEMA, null);
        Schema withDefault = SchemaBuilder.int32().optional().defaultValue(42).build();
        both("default/replaced", withDefault, null);
        encodeCase("default/not-replaced", cfg("replace.null.with.default", false), withDefault, null);
        encodeCase("default/not-replaced-plain", cfg("replace.null.with.default", false, "schemas.enable", false), withDefault, null);
        Schema requiredDefault = SchemaBuilder.string().defaultValue("dflt").build();
        both("default/required", requiredDefault, null);
        encodeCase("default/required-not-replaced", cfg("replace.null.with.default", false), requiredDefault, null);
        both("default/set", withDefault, 7);

        // -- schema metadata ------------------------------------------------------------------
        Map<String, String> params = new LinkedHashMap<>();
        params.put("zeta", "1");
        params.put("alpha", "two \"quoted\"");
        Schema meta = SchemaBuilder.string().name("com.example.Name").version(3).doc("A doc string.")
            .parameters(params).optional().defaultValue("d").build();
        both("metadata/all", meta, "v");

        // -- logical types --------------------------------------------------------------------
        String[] decimals = {"1.23", "-1.23", "0.00", "12345678901234567890.12", "-0.01", "1.28", "-1.28", "0.05"};
        for (String d : decimals) {
            BigDecimal bd = new BigDecimal(d);
            Schema s = Decimal.schema(2);
            encodeCase("decimal/base64/" + d, cfg(), s, bd);
            encodeCase("decimal/base64-plain/" + d, cfg("schemas.enable", false), s, bd);
            encodeCase("decimal/numeric/" + d, cfg("decimal.format", "NUMERIC"), s, bd);
            encodeCase("decimal/numeric-plain/" + d, cfg("decimal.format", "NUMERIC", "schemas.enable", false), s, bd);
        }
        encodeCase("decimal/scale0", cfg(), Decimal.schema(0), new BigDecimal("123456789012345678901234567890"));
        encodeCase("decimal/negative-scale", cfg(), Decimal.schema(-2), new BigDecimal("1.2E+3"));
        encodeCase("decimal/numeric-negative-scale", cfg("decimal.format", "NUMERIC"), Decimal.schema(-2), new BigDecimal("1.2E+3"));
        encodeCase("decimal/numeric-small", cfg("decimal.format", "NUMERIC"), Decimal.schema(10), new BigDecimal("1.23E-8"));
        encodeCase("decimal/numeric-1e-7", cfg("decimal.format", "NUMERIC"), Decimal.schema(7), new BigDecimal("0.0000001"));
        encodeCase("decimal/numeric-0.000001", cfg("decimal.format", "NUMERIC"), Decimal.schema(6), new BigDecimal("0.000001"));
        encodeCase("decimal/scale-mismatch", cfg(), Decimal.schema(2), new BigDecimal("1.5"));
        encodeCase("decimal/optional-null", cfg(), Decimal.builder(2).optional().build(), null);
        encodeCase("decimal/default", cfg(), Decimal.builder(2).optional().defaultValue(new BigDecimal("9.99")).build(), null);
        encodeCase("decimal/default-numeric", cfg("decimal.format", "NUMERIC"),
            Decimal.builder(2).optional().defaultValue(new BigDecimal("9.99")).build(), null);
        both("date/2021", Date.SCHEMA, ms(1609459200000L));
        both("date/epoch", Date.SCHEMA, ms(0));
        both("date/pre-epoch", Date.SCHEMA, ms(-86400000L * 365));
        both("time/zero", Time.SCHEMA, ms(0));
        both("time/noon", Time.SCHEMA, ms(45296789L));
        both("timestamp/2021", Timestamp.SCHEMA, ms(1609459200123L));
        both("timestamp/epoch", Timestamp.SCHEMA, ms(0));
        both("timestamp/pre-epoch", Timestamp.SCHEMA, ms(-1234567L));
        encodeCase("timestamp/optional-default", cfg(), Timestamp.builder().optional().defaultValue(ms(1000)).build(), null);

        // -- arrays and maps ------------------------------------------------------------------
        both("array/int32", SchemaBuilder.array(Schema.INT32_SCHEMA).build(), Arrays.asList(1, 2, 3));
        both("array/empty", SchemaBuilder.array(Schema.INT32_SCHEMA).build(), new ArrayList<>());
        both("array/optional-strings", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build(), Arrays.asList("a", null, "c"));
        both("array/nested", SchemaBuilder.array(SchemaBuilder.array(Schema.FLOAT64_SCHEMA).build()).build(),
            Arrays.asList(Arrays.asList(1.0, 2.5), new ArrayList<>()));
        both("array/decimals", SchemaBuilder.array(Decimal.schema(1)).build(), Arrays.asList(new BigDecimal("1.5"), new BigDecimal("-2.0")));
        Map<String, Integer> sm = new LinkedHashMap<>();
        sm.put("b", 2);
        sm.put("a", 1);
        both("map/string-keys", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), sm);
        Map<Integer, String> im = new LinkedHashMap<>();
        im.put(1, "one");
        im.put(-2, "minus two");
        both("map/int-keys", SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA).build(), im);
        both("map/empty-int-keys", SchemaBuilder.map(Schema.INT64_SCHEMA, Schema.STRING_SCHEMA).build(), new LinkedHashMap<>());
        Map<String, String> om = new LinkedHashMap<>();
        om.put("k", null);
        both("map/optional-values", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_STRING_SCHEMA).build(), om);
        both("array/default", SchemaBuilder.array(Schema.INT32_SCHEMA).optional().defaultValue(Arrays.asList(1, 2)).build(), null);
        Map<String, Integer> dm = new LinkedHashMap<>();
        dm.put("x", 1);
        both("map/default", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().defaultValue(dm).build(), null);

        // -- structs --------------------------------------------------------------------------
        Schema inner = SchemaBuilder.struct().name("com.example.Inner").version(2).doc("inner doc")
            .field("x", Schema.FLOAT32_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .build();
        Schema outer = SchemaBuilder.struct().name("com.example.Outer")
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("score", SchemaBuilder.float64().optional().defaultValue(0.5).build())
            .field("count", SchemaBuilder.int16().defaultValue((short) 5).build())
            .field("flag", Schema.OPTIONAL_BOOLEAN_SCHEMA)
            .field("blob", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("amount", Decimal.builder(3).optional().build())
            .field("day", Date.builder().optional().build())
            .field("at", Timestamp.SCHEMA)
            .field("inner", inner)
            .field("inners", SchemaBuilder.array(inner).optional().build())
            .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).optional().build())
            .field("lookup", SchemaBuilder.map(Schema.INT8_SCHEMA, inner).optional().build())
            .build();
        Struct in1 = new Struct(inner).put("x", 1.25f).put("tags", Arrays.asList("a", "b"));
        Struct in2 = new Struct(inner).put("x", -3.5f).put("tags", new ArrayList<>());
        Map<Byte, Struct> lookup = new LinkedHashMap<>();
        lookup.put((byte) 1, in2);
        Map<String, Integer> attrs = new LinkedHashMap<>();
        attrs.put("k1", 10);
        attrs.put("k2", 20);
        Struct full = new Struct(outer)
            .put("id", 42L).put("name", "Ann").put("score", 0.75).put("count", (short) 3).put("flag", true)
            .put("blob", new byte[] {9, 8, 7}).put("amount", new BigDecimal("12.345"))
            .put("day", ms(1609459200000L)).put("at", ms(1609459200123L)).put("inner", in1)
            .put("inners", Arrays.asList(in1, in2)).put("attrs", attrs).put("lookup", lookup);
        both("struct/full", outer, full);
        encodeCase("struct/full-numeric", cfg("decimal.format", "NUMERIC"), outer, full);
        Struct sparse = new Struct(outer).put("id", 1L).put("at", ms(0)).put("inner", in2);
        both("struct/sparse-defaults", outer, sparse);
        encodeCase("struct/sparse-no-replace", cfg("replace.null.with.default", false), outer, sparse);
        Struct missing = new Struct(outer).put("id", 1L).put("inner", in2);
        both("struct/missing-required", outer, missing);
        Schema empty = SchemaBuilder.struct().build();
        both("struct/empty", empty, new Struct(empty));
        Schema optStruct = SchemaBuilder.struct().name("opt").optional().field("a", Schema.INT32_SCHEMA).build();
        both("struct/optional-null", optStruct, null);

        // -- schemaless -----------------------------------------------------------------------
        both("schemaless/long", null, 5L);
        both("schemaless/int", null, 5);
        both("schemaless/double", null, 2.5);
        both("schemaless/string", null, "s");
        both("schemaless/bool", null, true);
        both("schemaless/bytes", null, new byte[] {1, 2, 3});
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", 7L);
        doc.put("name", "x");
        doc.put("ratio", 0.25);
        doc.put("tags", Arrays.asList("a", 1L, null, true));
        doc.put("nested", new LinkedHashMap<>(Map.of("k", 1L)));
        doc.put("none", null);
        both("schemaless/map", null, doc);
        Map<Object, Object> mixed = new LinkedHashMap<>();
        mixed.put(1L, "one");
        mixed.put("two", 2L);
        both("schemaless/map-mixed-keys", null, mixed);
        both("schemaless/list", null, Arrays.asList(1L, "two", 3.0, Arrays.asList(false)));
        both("schemaless/empty-map", null, new LinkedHashMap<>());
        both("schemaless/float-nan", null, Double.NaN);
    }

    static void decodeCases() {
        Map<String, Object> plain = cfg("schemas.enable", false);
        decodeCase("plain/int", plain, "1");
        decodeCase("plain/big-int", plain, "123456789012345678901");
        decodeCase("plain/negative", plain, "-17");
        decodeCase("plain/float", plain, "1.5");
        decodeCase("plain/exponent", plain, "1e3");
        decodeCase("plain/string", plain, "\"s\\u00e9\\n\"");
        decodeCase("plain/true", plain, "true");
        decodeCase("plain/null", plain, "null");
        decodeCase("plain/empty", plain, "");
        decodeCase("plain/tombstone", plain, null);
        decodeCase("plain/object", plain, "{\"a\":1,\"b\":[1,2.5,\"x\",null,{\"c\":false}],\"d\":{}}");
        decodeCase("plain/duplicate-keys", plain, "{\"a\":1,\"a\":2}");
        decodeCase("plain/trailing-garbage", plain, "{\"a\":1} trailing");
        decodeCase("plain/whitespace", plain, " \n\t[ 1 , 2 ] ");
        decodeCase("plain/envelope-is-just-a-map", plain, "{\"schema\":null,\"payload\":1}");
        Map<String, Object> schemas = cfg();
        decodeCase("envelope/not-object", schemas, "1");
        decodeCase("envelope/empty-object", schemas, "{}");
        decodeCase("envelope/missing-payload", schemas, "{\"schema\":null}");
        decodeCase("envelope/extra-field", schemas, "{\"schema\":null,\"payload\":1,\"x\":2}");
        decodeCase("envelope/wrong-names", schemas, "{\"schema\":null,\"data\":1}");
        decodeCase("envelope/null-schema", schemas, "{\"schema\":null,\"payload\":{\"a\":[1,2]}}");
        decodeCase("envelope/null-payload", schemas, "{\"schema\":{\"type\":\"int32\",\"optional\":true},\"payload\":null}");
        decodeCase("envelope/reordered", schemas, "{\"payload\":5,\"schema\":{\"type\":\"int64\"}}");
        decodeCase("envelope/tombstone", schemas, null);
        decodeCase("envelope/empty-bytes", schemas, "");
        decodeCase("envelope/invalid-json", schemas, "{\"schema\":");
        decodeCase("schema/optional-missing", schemas, "{\"schema\":{\"type\":\"string\"},\"payload\":\"x\"}");
        decodeCase("schema/optional-not-bool", schemas, "{\"schema\":{\"type\":\"string\",\"optional\":\"true\"},\"payload\":\"x\"}");
        decodeCase("schema/unknown-type", schemas, "{\"schema\":{\"type\":\"uuid\"},\"payload\":\"x\"}");
        decodeCase("schema/no-type", schemas, "{\"schema\":{\"optional\":true},\"payload\":\"x\"}");
        decodeCase("schema/param-not-string", schemas, "{\"schema\":{\"type\":\"string\",\"parameters\":{\"a\":1}},\"payload\":\"x\"}");
        decodeCase("schema/array-no-items", schemas, "{\"schema\":{\"type\":\"array\"},\"payload\":[]}");
        decodeCase("schema/map-no-keys", schemas, "{\"schema\":{\"type\":\"map\",\"values\":{\"type\":\"string\"}},\"payload\":{}}");
        decodeCase("schema/struct-fields-not-array", schemas, "{\"schema\":{\"type\":\"struct\",\"fields\":{}},\"payload\":{}}");
        decodeCase("schema/struct-field-no-name", schemas, "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\"}]},\"payload\":{}}");
        decodeCase("schema/default-int", schemas, "{\"schema\":{\"type\":\"int32\",\"optional\":false,\"default\":9},\"payload\":null}");
        decodeCase("value/int8-wraps", schemas, "{\"schema\":{\"type\":\"int8\"},\"payload\":300}");
        decodeCase("value/int32-from-float", schemas, "{\"schema\":{\"type\":\"int32\"},\"payload\":3.9}");
        decodeCase("value/float32", schemas, "{\"schema\":{\"type\":\"float\"},\"payload\":0.1}");
        decodeCase("value/float64-from-int", schemas, "{\"schema\":{\"type\":\"double\"},\"payload\":3}");
        decodeCase("value/required-null", schemas, "{\"schema\":{\"type\":\"int32\"},\"payload\":null}");
        decodeCase("value/struct-missing-field", schemas,
            "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"optional\":true,\"field\":\"a\"},{\"type\":\"string\",\"optional\":true,\"field\":\"b\"}]},\"payload\":{\"a\":1,\"extra\":2}}");
        decodeCase("value/struct-missing-required", schemas,
            "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\",\"field\":\"a\"}]},\"payload\":{}}");
        decodeCase("value/struct-not-object", schemas,
            "{\"schema\":{\"type\":\"struct\",\"fields\":[]},\"payload\":[]}");
        decodeCase("value/map-string-keys-not-object", schemas,
            "{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"string\"},\"values\":{\"type\":\"int32\"}},\"payload\":[]}");
        decodeCase("value/map-int-keys-not-array", schemas,
            "{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"int32\"},\"values\":{\"type\":\"int32\"}},\"payload\":{}}");
        decodeCase("value/map-entry-not-array", schemas,
            "{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"int32\"},\"values\":{\"type\":\"int32\"}},\"payload\":[1]}");
        decodeCase("value/map-entry-wrong-length", schemas,
            "{\"schema\":{\"type\":\"map\",\"keys\":{\"type\":\"int32\"},\"values\":{\"type\":\"int32\"}},\"payload\":[[1,2,3]]}");
        decodeCase("value/bytes-bad-base64", schemas, "{\"schema\":{\"type\":\"bytes\"},\"payload\":\"@@@\"}");
        String dec = "{\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,\"parameters\":{\"scale\":\"2\"}}";
        decodeCase("decimal/numeric-read", schemas, "{\"schema\":" + dec + ",\"payload\":1.50}");
        decodeCase("decimal/numeric-int-read", schemas, "{\"schema\":" + dec + ",\"payload\":7}");
        decodeCase("decimal/numeric-exp-read", schemas, "{\"schema\":" + dec + ",\"payload\":1.5E-7}");
        decodeCase("decimal/base64-read", schemas, "{\"schema\":" + dec + ",\"payload\":\"AJY=\"}");
        decodeCase("decimal/bool-read", schemas, "{\"schema\":" + dec + ",\"payload\":true}");
        decodeCase("decimal/base64-read-numeric-config", cfg("decimal.format", "NUMERIC"), "{\"schema\":" + dec + ",\"payload\":\"AJY=\"}");
        String date = "{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\",\"version\":1}";
        decodeCase("date/read", schemas, "{\"schema\":" + date + ",\"payload\":18628}");
        decodeCase("date/not-int", schemas, "{\"schema\":" + date + ",\"payload\":\"2021-01-01\"}");
        decodeCase("date/long", schemas, "{\"schema\":" + date + ",\"payload\":9999999999}");
        String ts = "{\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\",\"version\":1}";
        decodeCase("timestamp/read", schemas, "{\"schema\":" + ts + ",\"payload\":1609459200123}");
        decodeCase("timestamp/float", schemas, "{\"schema\":" + ts + ",\"payload\":1.5}");
        String time = "{\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Time\",\"version\":1}";
        decodeCase("time/read", schemas, "{\"schema\":" + time + ",\"payload\":45296789}");
        decodeCase("time/out-of-range", schemas, "{\"schema\":" + time + ",\"payload\":-1}");
    }


    // ---------------------------------------------------------------------------------------
    // SimpleHeaderConverter

    static void headerEncode(String name, Schema schema, Object value) {
        ObjectNode c = HEADER_ENCODE.addObject();
        c.put("name", name);
        c.set("schema", schemaDesc(schema));
        c.set("value", valueDesc(schema, value));
        try {
            c.put("bytes", text(new SimpleHeaderConverter().fromConnectHeader("topic", "h", schema, value)));
        } catch (RuntimeException e) {
            c.put("error", rootMessage(e));
        }
    }

    static void headerDecode(String input) {
        ObjectNode c = HEADER_DECODE.addObject();
        c.put("bytes", input);
        SchemaAndValue back = new SimpleHeaderConverter().toConnectHeader("topic", "h",
            input == null ? null : input.getBytes(StandardCharsets.UTF_8));
        if (back == null) {
            c.put("java_null", true);
            c.set("schema", F.nullNode());
            c.set("value", F.nullNode());
            return;
        }
        c.set("schema", schemaDesc(back.schema()));
        c.set("value", valueDesc(back.schema(), back.value()));
    }

    static void headerCases() {
        headerEncode("null", Schema.OPTIONAL_STRING_SCHEMA, null);
        headerEncode("string", Schema.STRING_SCHEMA, "hello \"world\"");
        headerEncode("string-schemaless", null, "plain");
        headerEncode("int8", Schema.INT8_SCHEMA, (byte) -5);
        headerEncode("int16", Schema.INT16_SCHEMA, (short) 1000);
        headerEncode("int32", Schema.INT32_SCHEMA, 70000);
        headerEncode("int64", Schema.INT64_SCHEMA, Long.MIN_VALUE);
        headerEncode("float32", Schema.FLOAT32_SCHEMA, 0.1f);
        headerEncode("float64", Schema.FLOAT64_SCHEMA, 1e10);
        headerEncode("float64-small", Schema.FLOAT64_SCHEMA, 2.5e-5);
        headerEncode("boolean", Schema.BOOLEAN_SCHEMA, true);
        headerEncode("bytes", Schema.BYTES_SCHEMA, new byte[] {1, 2, 3, (byte) 0xff});
        headerEncode("decimal", Decimal.schema(3), new BigDecimal("-12.345"));
        headerEncode("decimal-small", Decimal.schema(9), new BigDecimal("1.23E-7"));
        headerEncode("date", Date.SCHEMA, ms(1609459200000L));
        headerEncode("date-epoch", Date.SCHEMA, ms(0));
        headerEncode("time", Time.SCHEMA, ms(45296789L));
        headerEncode("timestamp", Timestamp.SCHEMA, ms(1609459200123L));
        headerEncode("timestamp-midnight", Timestamp.SCHEMA, ms(1609459200000L));
        headerEncode("list-ints", SchemaBuilder.array(Schema.INT32_SCHEMA).build(), Arrays.asList(1, 2, 3));
        headerEncode("list-strings", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build(),
            Arrays.asList("a", "b\"c", "back\\slash", null));
        headerEncode("list-schemaless", null, Arrays.asList(1L, "x", true, 2.5));
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", 2);
        headerEncode("map", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build(), m);
        Map<Integer, List<String>> nested = new LinkedHashMap<>();
        nested.put(1, Arrays.asList("x"));
        headerEncode("map-nested", SchemaBuilder.map(Schema.INT32_SCHEMA, SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build(), nested);
        headerEncode("list-dates", SchemaBuilder.array(Date.SCHEMA).build(), Arrays.asList(ms(1609459200000L)));
        Schema st = SchemaBuilder.struct().name("s").field("id", Schema.INT32_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("n", SchemaBuilder.int16().optional().defaultValue((short) 4).build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build();
        headerEncode("struct", st, new Struct(st).put("id", 7).put("name", "x").put("tags", Arrays.asList("t")));

        String[] inputs = {null, "", "null", "true", "false", "42", "-5", "+5", "1000", "70000", "3000000000",
            "12345678901234567890", "1.0", "1.5", "-2.75", "0.1", "1e3", "1.5e300", "1e400", "3.4e38", "3.5e38",
            "hello world", "  padded  ", "abc:def", "\"quoted\"", "true}", "2021-01-01", "12:34:56.789Z",
            "2021-01-01T10:20:30.123Z", "2021-13-01", "[1,2,3]", "[1, 2.5]", "[1, 300, 70000]", "[\"a\",\"b\"]",
            "[true,false]", "[1,\"a\"]", "[]", "[null]", "[null, 1]", "[1,", "[1,2]x", "{\"a\":1,\"b\":2}",
            "{\"a\":1.5,\"b\":2}", "{1:\"a\"}", "{\"k\":[1,2]}", "{}", "{\"a\":}", "[\"2021-01-01\"]",
            "[2021-01-01]", "[12:34:56.789Z]", "{\"a\":null}", "1,2", " 42 "};
        for (String in : inputs) headerDecode(in);
    }


    // ---------------------------------------------------------------------------------------
    // Short/Integer/Long/Float/Double/Boolean converters

    static String hex(byte[] b) {
        if (b == null) return null;
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x));
        return sb.toString();
    }

    static byte[] unhex(String h) {
        if (h == null) return null;
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        return out;
    }

    static Converter numberConverter(String name) {
        Converter c;
        switch (name) {
            case "ShortConverter": c = new ShortConverter(); break;
            case "IntegerConverter": c = new IntegerConverter(); break;
            case "LongConverter": c = new LongConverter(); break;
            case "FloatConverter": c = new FloatConverter(); break;
            case "DoubleConverter": c = new DoubleConverter(); break;
            default: c = new BooleanConverter(); break;
        }
        c.configure(cfg(), false);
        return c;
    }

    static void numberEncode(String converter, Schema schema, Object value) {
        ObjectNode c = NUMBER_ENCODE.addObject();
        c.put("converter", converter);
        c.set("schema", schemaDesc(schema));
        c.set("value", valueDesc(schema, value));
        try {
            c.put("hex", hex(numberConverter(converter).fromConnectData("topic", schema, value)));
        } catch (RuntimeException e) {
            c.put("error", rootMessage(e));
        }
    }

    static void numberDecode(String converter, String hexInput) {
        ObjectNode c = NUMBER_DECODE.addObject();
        c.put("converter", converter);
        c.put("hex", hexInput);
        try {
            SchemaAndValue back = numberConverter(converter).toConnectData("topic", unhex(hexInput));
            c.set("schema", schemaDesc(back.schema()));
            c.set("value", valueDesc(back.schema(), back.value()));
        } catch (RuntimeException e) {
            c.put("error", rootMessage(e) + (e.getCause() != null ? e.getCause().getMessage() : ""));
        }
    }

    static void numberCases() {
        numberEncode("ShortConverter", Schema.INT16_SCHEMA, (short) -2);
        numberEncode("ShortConverter", null, (short) 32767);
        numberEncode("ShortConverter", null, null);
        numberEncode("IntegerConverter", Schema.INT32_SCHEMA, 123456789);
        numberEncode("IntegerConverter", null, Integer.MIN_VALUE);
        numberEncode("LongConverter", Schema.INT64_SCHEMA, Long.MAX_VALUE);
        numberEncode("LongConverter", null, -1L);
        numberEncode("LongConverter", Schema.OPTIONAL_INT64_SCHEMA, null);
        numberEncode("FloatConverter", Schema.FLOAT32_SCHEMA, 0.1f);
        numberEncode("FloatConverter", null, Float.NaN);
        numberEncode("DoubleConverter", Schema.FLOAT64_SCHEMA, 0.1);
        numberEncode("DoubleConverter", null, Double.NEGATIVE_INFINITY);
        numberEncode("BooleanConverter", Schema.BOOLEAN_SCHEMA, true);
        numberEncode("BooleanConverter", null, false);
        numberEncode("BooleanConverter", Schema.OPTIONAL_BOOLEAN_SCHEMA, null);
        numberEncode("BooleanConverter", Schema.INT8_SCHEMA, (byte) 1);
        numberEncode("BooleanConverter", null, "true");
        String[][] decodes = {
            {"ShortConverter", "fffe"}, {"ShortConverter", "01"}, {"ShortConverter", null},
            {"IntegerConverter", "075bcd15"}, {"IntegerConverter", "0102"},
            {"LongConverter", "7fffffffffffffff"}, {"LongConverter", "ffffffffffffffff"}, {"LongConverter", ""},
            {"FloatConverter", "3dcccccd"}, {"FloatConverter", "7fc00000"}, {"FloatConverter", "00"},
            {"DoubleConverter", "3fb999999999999a"}, {"DoubleConverter", "fff0000000000000"}, {"DoubleConverter", null},
            {"BooleanConverter", "01"}, {"BooleanConverter", "00"}, {"BooleanConverter", "02"},
            {"BooleanConverter", "0001"}, {"BooleanConverter", null},
        };
        for (String[] d : decodes) numberDecode(d[0], d[1]);
    }

    // ---------------------------------------------------------------------------------------
    // StringConverter

    static void stringEncode(String encoding, Schema schema, Object value) {
        ObjectNode c = STRING_ENCODE.addObject();
        c.put("encoding", encoding);
        c.set("schema", schemaDesc(schema));
        c.set("value", valueDesc(schema, value));
        StringConverter conv = new StringConverter();
        conv.configure(cfg("converter.encoding", encoding), false);
        c.put("hex", hex(conv.fromConnectData("topic", schema, value)));
    }

    static void stringDecode(String encoding, String hexInput) {
        ObjectNode c = STRING_DECODE.addObject();
        c.put("encoding", encoding);
        c.put("hex", hexInput);
        StringConverter conv = new StringConverter();
        conv.configure(cfg("converter.encoding", encoding), false);
        SchemaAndValue back = conv.toConnectData("topic", unhex(hexInput));
        c.set("schema", schemaDesc(back.schema()));
        c.set("value", valueDesc(back.schema(), back.value()));
    }

    static void stringCases() {
        stringEncode("UTF-8", Schema.STRING_SCHEMA, "héllo 😀");
        stringEncode("UTF-8", null, null);
        stringEncode("UTF-8", Schema.INT32_SCHEMA, 42);
        stringEncode("UTF-8", Schema.INT64_SCHEMA, -7L);
        stringEncode("UTF-8", Schema.FLOAT64_SCHEMA, 1.0);
        stringEncode("UTF-8", Schema.FLOAT64_SCHEMA, 1e21);
        stringEncode("UTF-8", Schema.FLOAT32_SCHEMA, 0.1f);
        stringEncode("UTF-8", Schema.BOOLEAN_SCHEMA, true);
        stringEncode("UTF-8", Decimal.schema(2), new BigDecimal("1.50"));
        stringEncode("UTF-8", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build(), Arrays.asList("a", null, "b"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", 1L);
        stringEncode("UTF-8", null, m);
        Schema st = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).field("b", Schema.OPTIONAL_STRING_SCHEMA)
            .field("c", Schema.FLOAT64_SCHEMA).build();
        stringEncode("UTF-8", st, new Struct(st).put("a", 1).put("c", 2.5));
        stringEncode("UTF-8", Timestamp.SCHEMA, ms(1609459200123L));
        stringEncode("UTF-8", Date.SCHEMA, ms(1609459200000L));
        stringEncode("UTF-8", Time.SCHEMA, ms(45296789L));
        stringEncode("ISO-8859-1", Schema.STRING_SCHEMA, "héllo");
        stringEncode("UTF-16", Schema.STRING_SCHEMA, "hé");
        stringDecode("UTF-8", "68c3a96c6c6f");
        stringDecode("UTF-8", "61ff62");
        stringDecode("UTF-8", "");
        stringDecode("UTF-8", null);
        stringDecode("ISO-8859-1", "68e96c6c6f");
        stringDecode("UTF-16", "feff006800e9");
    }

    public static void main(String[] args) throws Exception {
        cases();
        decodeCases();
        ObjectNode root = F.objectNode();
        root.put("generator", "tools/jsonconverter-vectors (Apache Kafka connect-json "
            + org.apache.kafka.common.utils.AppInfoParser.getVersion() + ", Java " + System.getProperty("java.version") + ")");
        root.set("cases", CASES);
        root.set("decode_cases", DECODE_CASES);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String path = args.length > 0 ? args[0] : "jsonconverter.json";
        mapper.writeValue(new File(path), root);
        System.out.println("wrote " + CASES.size() + " encode cases and " + DECODE_CASES.size() + " decode cases to " + path);
        headerCases();
        ObjectNode headers = F.objectNode();
        headers.put("generator", root.get("generator").asText());
        headers.set("encode", HEADER_ENCODE);
        headers.set("decode", HEADER_DECODE);
        File headerPath = new File(new File(path).getAbsoluteFile().getParentFile(), "simpleheaderconverter.json");
        mapper.writeValue(headerPath, headers);
        System.out.println("wrote " + HEADER_ENCODE.size() + " header encode cases and " + HEADER_DECODE.size() + " header decode cases to " + headerPath);
        numberCases();
        ObjectNode numbers = F.objectNode();
        numbers.put("generator", root.get("generator").asText());
        numbers.set("encode", NUMBER_ENCODE);
        numbers.set("decode", NUMBER_DECODE);
        File numberPath = new File(headerPath.getParentFile(), "numberconverters.json");
        mapper.writeValue(numberPath, numbers);
        System.out.println("wrote " + NUMBER_ENCODE.size() + " number encode cases and " + NUMBER_DECODE.size() + " number decode cases to " + numberPath);
        stringCases();
        ObjectNode strings = F.objectNode();
        strings.put("generator", root.get("generator").asText());
        strings.set("encode", STRING_ENCODE);
        strings.set("decode", STRING_DECODE);
        File stringPath = new File(headerPath.getParentFile(), "stringconverter.json");
        mapper.writeValue(stringPath, strings);
        System.out.println("wrote " + STRING_ENCODE.size() + " string encode cases and " + STRING_DECODE.size() + " string decode cases to " + stringPath);
    }
}
