#!/usr/bin/env python3
"""Writes archives and compressed files holding the keys given on standard input (one per line) into
the directory given as the argument, beside look-alikes that must not be reported; with --bomb, a
42.zip-like nesting of zip files over 200 MB of zeros each instead; with --big, two archives larger
than the 32 MiB a working-tree file is read whole up to (a .gz and a stored .zip of incompressible
noise, each expanding past the 32 MiB limit, with a key before the limit and a key after it). Generated
at test time: no file from outside the project."""
import gzip, io, os, sys, tarfile, zipfile, bz2, lzma

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
if "--bomb" in sys.argv:
    layer = io.BytesIO()
    with zipfile.ZipFile(layer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("zeros.bin", b"\0" * (200 << 20))
    data = layer.getvalue()
    for depth in range(3):
        nested = io.BytesIO()
        with zipfile.ZipFile(nested, "w", zipfile.ZIP_DEFLATED) as z:
            for i in range(16):
                z.writestr("l%d_%d.zip" % (depth, i), data)
        data = nested.getvalue()
    open(os.path.join(out, "42.zip"), "wb").write(data)
    sys.exit(0)

keys = sys.stdin.read().split()
if "--big" in sys.argv:
    import base64, random
    noise = random.Random(7)
    def noise_bytes(count):
        return noise.getrandbits(8 * count).to_bytes(count, "little")
    with gzip.open(os.path.join(out, "big.log.gz"), "wb", compresslevel=1) as f:
        f.write(("RUNWAYML_API_SECRET=%s\n" % keys[0]).encode())
        for _ in range(45):
            f.write(base64.encodebytes(noise_bytes(768 << 10)))
        f.write(("late RUNWAYML_API_SECRET=%s\n" % keys[2]).encode())
    with zipfile.ZipFile(os.path.join(out, "big.zip"), "w", zipfile.ZIP_STORED) as z:
        z.writestr("a/noise.bin", noise_bytes(20 << 20))
        z.writestr("b/.env", "RUNWAYML_API_SECRET=%s\n" % keys[1])
        z.writestr("c/noise.bin", noise_bytes(14 << 20))
        z.writestr("d/late.env", "RUNWAYML_API_SECRET=%s\n" % keys[3])
    sys.exit(0)
look_alike = "key_" + "0123456789abcdef" * 7 + "0123456789abcde"  # 127 hex digits: not a key
def tar_bytes(mode, name, text):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as t:
        data = text.encode()
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    return buffer.getvalue()

with zipfile.ZipFile(os.path.join(out, "config.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("conf/app.env", "X=1\nRUNWAYML_API_SECRET=%s\n" % keys[0])
    z.writestr("conf/example.env", "RUNWAYML_API_SECRET=%s\n" % look_alike)
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("deep/token.txt", "token = %s\n" % keys[1])
with zipfile.ZipFile(os.path.join(out, "bundle.jar"), "w") as z:
    z.writestr("lib/inner.zip", inner.getvalue())
open(os.path.join(out, "release.tar.gz"), "wb").write(tar_bytes("w:gz", "etc/prod.env", "K=%s\n" % keys[2]))
open(os.path.join(out, "app.log.gz"), "wb").write(gzip.compress(("start\nauth with %s\n" % keys[3]).encode()))
with zipfile.ZipFile(os.path.join(out, "report.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("word/document.xml", "<w:document><w:t>%s</w:t></w:document>" % keys[4])
open(os.path.join(out, "backup.tar.xz"), "wb").write(tar_bytes("w:xz", "db/creds", "key=%s\n" % keys[5]))
open(os.path.join(out, "notes.bz2"), "wb").write(bz2.compress(("secret %s\n" % keys[6]).encode()))
