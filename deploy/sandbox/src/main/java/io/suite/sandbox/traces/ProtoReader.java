package io.suite.sandbox.traces;

import java.nio.charset.StandardCharsets;

/**
 * Reads the protobuf wire format field by field, without a schema or a protobuf library: enough for the sandbox's
 * OTLP receiver. A message is a sequence of (tag, value) pairs; the tag is {@code field number << 3 | wire type}.
 * Unknown fields are skipped by their wire type, so newer senders with more fields are read as well.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private int pos;
    private final int end;
    private int tag;

    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int from, int end) {
        this.buf = buf;
        this.pos = from;
        this.end = end;
    }

    /** Moves to the next field; false at the end of the message. */
    boolean next() {
        if (pos >= end) {
            return false;
        }
        long t = varint();
        if (t >>> 3 == 0 || t > Integer.MAX_VALUE) {
            throw new MalformedProtobufException("invalid tag " + t + " at byte " + pos);
        }
        tag = (int) t;
        return true;
    }

    int field() {
        return tag >>> 3;
    }

    int wireType() {
        return tag & 7;
    }

    long varint() {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new MalformedProtobufException("truncated varint");
            }
            byte b = buf[pos++];
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedProtobufException("varint longer than 10 bytes");
    }

    long fixed64() {
        require(8);
        long value = 0;
        for (int i = 7; i >= 0; i--) {
            value = value << 8 | buf[pos + i] & 0xff;
        }
        pos += 8;
        return value;
    }

    /** The current length-delimited field's bytes. */
    byte[] bytes() {
        int length = length();
        byte[] out = new byte[length];
        System.arraycopy(buf, pos, out, 0, length);
        pos += length;
        return out;
    }

    String string() {
        int length = length();
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    /** The current length-delimited field as an embedded message. */
    ProtoReader message() {
        int length = length();
        ProtoReader inner = new ProtoReader(buf, pos, pos + length);
        pos += length;
        return inner;
    }

    /** Skips the current field's value. */
    void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case FIXED64 -> {
                require(8);
                pos += 8;
            }
            case LENGTH_DELIMITED -> {
                // read the length first: "pos += length()" would add it to pos as it was before the length's bytes
                int length = length();
                pos += length;
            }
            case FIXED32 -> {
                require(4);
                pos += 4;
            }
            default -> throw new MalformedProtobufException("unsupported wire type " + wireType() + " of field " + field());
        }
    }

    /** Requires the current field to have {@code wireType}: a field of the schema sent with another type is malformed. */
    ProtoReader expect(int wireType) {
        if (wireType() != wireType) {
            throw new MalformedProtobufException("field " + field() + " has wire type " + wireType() + ", expected " + wireType);
        }
        return this;
    }

    private int length() {
        expect(LENGTH_DELIMITED);
        long length = varint();
        if (length < 0 || length > end - pos) {
            throw new MalformedProtobufException("length " + length + " of field " + field() + " beyond the message");
        }
        return (int) length;
    }

    private void require(int n) {
        if (end - pos < n) {
            throw new MalformedProtobufException("truncated field " + field());
        }
    }

    /** The body is not a protobuf message of the expected shape. */
    static final class MalformedProtobufException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedProtobufException(String message) {
            super(message);
        }
    }
}
