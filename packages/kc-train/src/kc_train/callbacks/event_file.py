"""A minimal TensorBoard event-file writer for scalars (no TensorFlow needed).

Event files are TFRecord files of `Event` protocol buffers; each record is
`length (uint64) | masked crc32c of length | payload | masked crc32c of payload`.
Only the few protobuf fields needed for scalar summaries are encoded here.
"""

import os
import socket
import struct
import time


def _crc32c_table():
    table = []
    for n in range(256):
        crc = n
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc32c_table()


def _crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def _masked_crc(data):
    crc = _crc32c(data)
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _field(number, wire_type, payload):
    return _varint((number << 3) | wire_type) + payload


def _length_delimited(number, data):
    return _field(number, 2, _varint(len(data)) + data)


def _event(step, summary=None, file_version=None):
    body = _field(1, 1, struct.pack("<d", time.time())) + _field(2, 0, _varint(step))
    if file_version is not None:
        body += _length_delimited(3, file_version.encode())
    if summary is not None:
        body += _length_delimited(5, summary)
    return body


def _scalar_summary(tag, value):
    entry = _length_delimited(1, tag.encode()) + _field(2, 5, struct.pack("<f", float(value)))
    return _length_delimited(1, entry)


class EventFileWriter:
    def __init__(self, logdir):
        os.makedirs(logdir, exist_ok=True)
        name = f"events.out.tfevents.{int(time.time())}.{socket.gethostname()}.{os.getpid()}.v2"
        self.path = os.path.join(logdir, name)
        self._file = open(self.path, "wb")
        self._write(_event(0, file_version="brain.Event:2"))

    def _write(self, payload):
        header = struct.pack("<Q", len(payload))
        self._file.write(header + struct.pack("<I", _masked_crc(header)) + payload
                         + struct.pack("<I", _masked_crc(payload)))

    def scalar(self, tag, value, step):
        self._write(_event(step, summary=_scalar_summary(tag, value)))

    def flush(self):
        self._file.flush()

    def close(self):
        self._file.close()
