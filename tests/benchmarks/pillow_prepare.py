#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""sanzaru's prepare_reference_image pipeline in Pillow, for comparisons with sanzaru-qt.

    pillow_prepare.py INPUT WxH OUTPUT [crop|pad|rescale] [--repeat N] [--time] [--exif-transpose]

Exactly the reference behaviour (quirks included): open, convert("RGB") when the mode is not RGB
(alpha dropped, EXIF orientation ignored), LANCZOS resize, crop/paste, save PNG with default
settings. --exif-transpose applies the EXIF orientation first (not sanzaru's behaviour: a quality
reference for pictures taken with the camera turned). --time prints one JSON line with the in-process milliseconds of the best of N runs
(decode, resize, encode, total wall time, and thread CPU time); run it under hyperfine for whole-process numbers.
"""
import argparse
import json
import time

from PIL import Image, ImageOps


def prepare(src, target, out, mode, stamps, transpose=False):
    c0 = time.thread_time()
    t0 = time.perf_counter()
    img = Image.open(src)
    if transpose:
        img = ImageOps.exif_transpose(img)
    if img.mode != "RGB":
        img = img.convert("RGB")
    img.load()
    t1 = time.perf_counter()
    W, H = target
    if mode == "crop":
        w, h = img.size
        if w / h > W / H:
            nh = H
            nw = int(w * (H / h))
        else:
            nw = W
            nh = int(h * (W / w))
        img = img.resize((nw, nh), Image.LANCZOS)
        left = (nw - W) // 2
        top = (nh - H) // 2
        img = img.crop((left, top, left + W, top + H))
    elif mode == "pad":
        img.thumbnail((W, H), Image.LANCZOS)
        canvas = Image.new("RGB", (W, H), (0, 0, 0))
        canvas.paste(img, ((W - img.width) // 2, (H - img.height) // 2))
        img = canvas
    else:
        img = img.resize((W, H), Image.LANCZOS)
    t2 = time.perf_counter()
    img.save(out, "PNG")
    t3 = time.perf_counter()
    stamps.append((t1 - t0, t2 - t1, t3 - t2, t3 - t0, time.thread_time() - c0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("size")
    ap.add_argument("output")
    ap.add_argument("mode", nargs="?", default="crop", choices=["crop", "pad", "rescale"])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--time", action="store_true")
    ap.add_argument("--exif-transpose", action="store_true")
    a = ap.parse_args()
    target = tuple(int(v) for v in a.size.lower().split("x"))
    stamps = []
    for _ in range(max(1, a.repeat)):
        prepare(a.input, target, a.output, a.mode, stamps, a.exif_transpose)
    if a.time:
        best = min(stamps, key=lambda s: s[3])
        keys = ("decode_ms", "resize_ms", "encode_ms", "total_ms", "cpu_ms")
        print(json.dumps({k: round(v * 1000, 2) for k, v in zip(keys, best)}))


if __name__ == "__main__":
    main()
