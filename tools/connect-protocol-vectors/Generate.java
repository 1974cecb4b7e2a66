// Writes Apache Kafka Connect's group-protocol encodings (member metadata and assignments,
// eager v0 and incremental cooperative v1/v2) as hex, so kconnect's unit tests compare
// against the bytes the real Java classes produce.  See README.md.
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.connect.runtime.distributed.ConnectProtocol;
import org.apache.kafka.connect.runtime.distributed.ExtendedAssignment;
import org.apache.kafka.connect.runtime.distributed.ExtendedWorkerState;
import org.apache.kafka.connect.runtime.distributed.IncrementalCooperativeConnectProtocol;
import org.apache.kafka.connect.util.ConnectorTaskId;

public class Generate {
    private static final List<String> entries = new ArrayList<>();

    private static String hex(ByteBuffer buffer) {
        StringBuilder out = new StringBuilder();
        ByteBuffer b = buffer.duplicate();
        while (b.hasRemaining()) out.append(String.format("%02x", b.get()));
        return out.toString();
    }

    private static void add(String name, ByteBuffer bytes) {
        entries.add("  {\"name\": \"" + name + "\", \"hex\": \"" + hex(bytes) + "\"}");
    }

    private static List<ConnectorTaskId> tasks(String... refs) {
        List<ConnectorTaskId> out = new ArrayList<>();
        for (String ref : refs) {
            int dash = ref.lastIndexOf('-');
            out.add(new ConnectorTaskId(ref.substring(0, dash), Integer.parseInt(ref.substring(dash + 1))));
        }
        return out;
    }

    private static Collection<String> conns(String... names) {
        return Arrays.asList(names);
    }

    public static void main(String[] args) {
        add("metadata_v0", ConnectProtocol.serializeMetadata(new ConnectProtocol.WorkerState("http://w1:8083/", 42L)));
        add("assignment_v0", ConnectProtocol.serializeAssignment(new ConnectProtocol.Assignment(
                ConnectProtocol.Assignment.NO_ERROR, "leader-1", "http://l:8083/", 7L,
                conns("c1", "c2"), tasks("c1-0", "c2-1", "c1-1"))));
        add("assignment_v0_mismatch", ConnectProtocol.serializeAssignment(new ConnectProtocol.Assignment(
                ConnectProtocol.Assignment.CONFIG_MISMATCH, "leader-1", "http://l:8083/", 12L,
                conns(), tasks())));
        ExtendedAssignment v1 = new ExtendedAssignment((short) 1, (short) 0, "L", "http://l/", 9L,
                conns("a"), tasks("a-0", "b-2"), conns("b"), tasks("c-1"), 3000);
        add("assignment_v1", IncrementalCooperativeConnectProtocol.serializeAssignment(v1, false));
        ExtendedAssignment v2 = new ExtendedAssignment((short) 2, (short) 0, "L", "http://l/", 9L,
                conns("a"), tasks("a-0", "b-2"), conns("b"), tasks("c-1"), 3000);
        add("assignment_v2", IncrementalCooperativeConnectProtocol.serializeAssignment(v2, true));
        ExtendedAssignment empty = new ExtendedAssignment((short) 2, (short) 0, "L", "http://l/", 4L,
                conns(), tasks(), conns(), tasks(), 0);
        add("assignment_v2_empty", IncrementalCooperativeConnectProtocol.serializeAssignment(empty, true));
        ExtendedAssignment owned = new ExtendedAssignment((short) 2, (short) 0, "L", "http://l/", 5L,
                conns("x"), tasks("x-0", "x-1"), conns(), tasks(), 0);
        add("metadata_v2_allocation", IncrementalCooperativeConnectProtocol.serializeMetadata(
                new ExtendedWorkerState("http://w:1/", 5L, owned), true));
        add("metadata_v1_null_allocation", IncrementalCooperativeConnectProtocol.serializeMetadata(
                new ExtendedWorkerState("http://w:1/", -1L, null), false));
        System.out.println("[\n" + String.join(",\n", entries) + "\n]");
    }
}
