#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a damaged copy of a zip for the bad-input tests.
usage: corrupt_zip.py crc IN.zip NAME OUT.zip   -- NAME's CRC-32 no longer matches its data"""
import struct
import sys
import zipfile

mode, src, name, dst = sys.argv[1:5]
data = bytearray(open(src, "rb").read())
with zipfile.ZipFile(src) as z:
    info = z.getinfo(name)
if mode != "crc":
    sys.exit("unknown mode " + mode)
bad = (info.CRC ^ 0xDEADBEEF) & 0xFFFFFFFF
# Local header: CRC-32 at offset 14; central directory entry: at 16.
struct.pack_into("<I", data, info.header_offset + 14, bad)
pos = data.find(b"PK\x01\x02")
while pos >= 0:
    n = struct.unpack_from("<H", data, pos + 28)[0]
    if data[pos + 46:pos + 46 + n].decode() == name:
        struct.pack_into("<I", data, pos + 16, bad)
        break
    pos = data.find(b"PK\x01\x02", pos + 4)
open(dst, "wb").write(bytes(data))
