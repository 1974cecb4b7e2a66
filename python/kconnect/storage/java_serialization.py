"""Read and write the Java-serialized ``HashMap<byte[], byte[]>`` of Connect's offset file.

Apache Kafka Connect's standalone worker stores source offsets as one
``java.util.HashMap`` written with Java object serialization.  kconnect keeps
that exact byte layout so an offsets file can move between Java Connect and
kconnect in either direction.  The layout (big-endian) is::

    AC ED 00 05                       stream magic, version
    73 72 00 11 "java.util.HashMap"   new object, class descriptor
    05 07 DA C1 C3 16 60 D1 03        serialVersionUID, flags (serializable + writeObject)
    00 02 46 00 0A "loadFactor" 49 00 09 "threshold" 78 70
    3F 40 00 00 <i32 threshold>       field values
    77 08 <i32 buckets> <i32 size>    block data: capacity, entry count
    size x (key, value)               byte[] objects (or 70 = null value)
    78                                end of block data

The first ``byte[]`` carries the array class descriptor (``75 72 00 02 "[B" ...``);
later ones refer back to it (``75 71 00 7E 00 02``).  Readers also accept a
reference (``71``) to an earlier array object.  Anything else is rejected with a
:class:`~kconnect.errors.ConnectError` that names the byte offset: a corrupt
file is a startup error, never a silent reset.
"""

from __future__ import annotations

import struct

from kconnect.errors import ConnectError

STREAM_HEADER = b"\xac\xed\x00\x05"
TC_NULL = 0x70
TC_REFERENCE = 0x71
TC_CLASSDESC = 0x72
TC_OBJECT = 0x73
TC_ARRAY = 0x75
TC_BLOCKDATA = 0x77
TC_ENDBLOCKDATA = 0x78
BASE_HANDLE = 0x7E0000

_HASHMAP_DESC = (
    bytes([TC_CLASSDESC])
    + struct.pack(">H", 17)
    + b"java.util.HashMap"
    + bytes.fromhex("0507DAC1C31660D1")
    + b"\x03"
    + struct.pack(">H", 2)
    + b"F"
    + struct.pack(">H", 10)
    + b"loadFactor"
    + b"I"
    + struct.pack(">H", 9)
    + b"threshold"
    + bytes([TC_ENDBLOCKDATA, TC_NULL])
)
_BYTE_ARRAY_DESC = (
    bytes([TC_CLASSDESC])
    + struct.pack(">H", 2)
    + b"[B"
    + bytes.fromhex("ACF317F8060854E0")
    + b"\x02"
    + struct.pack(">H", 0)
    + bytes([TC_ENDBLOCKDATA, TC_NULL])
)
# handles: 0 = HashMap class desc, 1 = the map object, 2 = [B class desc, 3.. = arrays
_BYTE_ARRAY_DESC_HANDLE = BASE_HANDLE + 2


class OffsetFileFormatError(ConnectError):
    """The offsets file is not a serialized HashMap<byte[], byte[]>."""


def dump_byte_map(entries: dict[bytes, bytes | None]) -> bytes:
    """Serialize ``entries`` exactly as Java's ``ObjectOutputStream`` writes a HashMap."""
    size = len(entries)
    capacity = 16
    while size > capacity * 0.75:
        capacity *= 2
    threshold = int(capacity * 0.75) if size else 0
    out = bytearray(STREAM_HEADER)
    out.append(TC_OBJECT)
    out += _HASHMAP_DESC
    out += struct.pack(">fi", 0.75, threshold)
    out.append(TC_BLOCKDATA)
    out.append(8)
    out += struct.pack(">ii", capacity, size)
    first_array = True

    def write_array(data: bytes) -> None:
        nonlocal first_array
        out.append(TC_ARRAY)
        if first_array:
            out.extend(_BYTE_ARRAY_DESC)
            first_array = False
        else:
            out.append(TC_REFERENCE)
            out.extend(struct.pack(">I", _BYTE_ARRAY_DESC_HANDLE))
        out.extend(struct.pack(">i", len(data)))
        out.extend(data)

    for key, value in entries.items():
        write_array(key)
        if value is None:
            out.append(TC_NULL)
        else:
            write_array(value)
    out.append(TC_ENDBLOCKDATA)
    return bytes(out)


class _Reader:
    def __init__(self, data: bytes, source: str) -> None:
        self.data = data
        self.pos = 0
        self.source = source
        self.handles: list[object] = []

    def fail(self, reason: str) -> OffsetFileFormatError:
        return OffsetFileFormatError(
            f"Corrupt offsets file {self.source}: {reason} at byte offset {self.pos}"
        )

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise self.fail(f"unexpected end of file (needed {n} more bytes)")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def u8(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        value: int = struct.unpack(">H", self.take(2))[0]
        return value

    def i32(self) -> int:
        value: int = struct.unpack(">i", self.take(4))[0]
        return value

    def expect(self, expected: bytes, what: str) -> None:
        start = self.pos
        got = self.take(len(expected))
        if got != expected:
            self.pos = start
            raise self.fail(f"expected {what}")

    def utf(self) -> str:
        return self.take(self.u16()).decode("utf-8", errors="replace")

    def class_desc(self) -> str:
        tag = self.u8()
        if tag == TC_REFERENCE:
            handle = self.i32() & 0xFFFFFFFF
            desc = self._handle(handle)
            if not isinstance(desc, str):
                raise self.fail("reference to something that is not a class descriptor")
            return desc
        if tag != TC_CLASSDESC:
            raise self.fail(f"expected a class descriptor, found tag 0x{tag:02X}")
        name = self.utf()
        self.take(8)  # serialVersionUID
        self.handles.append(name)
        self.u8()  # flags
        for _ in range(self.u16()):
            type_code = chr(self.u8())
            self.utf()
            if type_code in "L[":
                self.content_string()
        self.expect(bytes([TC_ENDBLOCKDATA]), "end of class annotations")
        if self.u8() != TC_NULL:
            raise self.fail("superclass descriptors are not supported")
        return name

    def content_string(self) -> None:
        tag = self.u8()
        if tag == 0x74:  # TC_STRING
            self.handles.append(self.utf())
        elif tag == TC_REFERENCE:
            self.i32()
        else:
            raise self.fail(f"expected a field type string, found tag 0x{tag:02X}")

    def _handle(self, handle: int) -> object:
        index = handle - BASE_HANDLE
        if not 0 <= index < len(self.handles):
            raise self.fail(f"unknown object handle 0x{handle:X}")
        return self.handles[index]

    def byte_array_or_null(self, allow_null: bool) -> bytes | None:
        tag = self.u8()
        if tag == TC_NULL and allow_null:
            return None
        if tag == TC_REFERENCE:
            target = self._handle(self.i32() & 0xFFFFFFFF)
            if not isinstance(target, bytes):
                raise self.fail("reference to something that is not a byte[]")
            return target
        if tag != TC_ARRAY:
            raise self.fail(f"expected a byte[] (tag 0x75), found tag 0x{tag:02X}")
        if self.class_desc() != "[B":
            raise self.fail("array is not a byte[]")
        length = self.i32()
        if length < 0:
            raise self.fail(f"negative array length {length}")
        data = self.take(length)
        self.handles.append(data)
        return data


def load_byte_map(data: bytes, source: str = "<bytes>") -> dict[bytes, bytes | None]:
    """Parse a serialized HashMap<byte[], byte[]>; raise :class:`OffsetFileFormatError` if corrupt."""
    r = _Reader(data, source)
    r.expect(STREAM_HEADER, "Java serialization stream header AC ED 00 05")
    if r.u8() != TC_OBJECT:
        r.pos -= 1
        raise r.fail("expected an object (tag 0x73)")
    if r.class_desc() != "java.util.HashMap":
        raise r.fail("object is not a java.util.HashMap")
    r.handles.append("<map>")
    r.take(8)  # loadFactor, threshold
    r.expect(bytes([TC_BLOCKDATA, 8]), "block data with capacity and size")
    r.i32()  # capacity
    size = r.i32()
    if size < 0:
        raise r.fail(f"negative map size {size}")
    entries: dict[bytes, bytes | None] = {}
    for _ in range(size):
        key = r.byte_array_or_null(allow_null=False)
        assert key is not None
        entries[key] = r.byte_array_or_null(allow_null=True)
    r.expect(bytes([TC_ENDBLOCKDATA]), "end of block data (0x78)")
    if r.pos != len(data):
        raise r.fail(f"{len(data) - r.pos} unexpected trailing bytes")
    return entries
