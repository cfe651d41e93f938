#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a copy of a zip whose entry NAME declares SIZE uncompressed bytes
(in its local and central headers) while its data inflates to more: the
shape of a zip bomb that lies about its size.
usage: lie_about_size.py IN.zip NAME SIZE OUT.zip"""
import struct
import sys
import zipfile

src, name, size, dst = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
data = bytearray(open(src, "rb").read())
with zipfile.ZipFile(src) as z:
    info = z.getinfo(name)
# Local header: uncompressed size at offset 22.
off = info.header_offset
assert data[off:off + 4] == b"PK\x03\x04"
struct.pack_into("<I", data, off + 22, size)
# Central directory entry: uncompressed size at offset 24, name at 46.
pos = data.find(b"PK\x01\x02")
while pos >= 0:
    n = struct.unpack_from("<H", data, pos + 28)[0]
    if data[pos + 46:pos + 46 + n].decode() == name:
        struct.pack_into("<I", data, pos + 24, size)
        break
    pos = data.find(b"PK\x01\x02", pos + 4)
else:
    sys.exit("entry not found in the central directory")
open(dst, "wb").write(bytes(data))
