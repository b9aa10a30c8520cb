#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Regenerates the Pillow LANCZOS fixtures tst_media compares LanczosResampler against.

Run with Debian's Pillow 9.4 (/usr/bin/python3) from this directory. The source picture mixes smooth
gradients, hard edges (overshoot and clipping at 0/255) and per-pixel noise.
"""
import random

from PIL import Image, ImageDraw

W, H = 64, 48
rnd = random.Random(1234)
src = Image.new("RGB", (W, H))
px = src.load()
for y in range(H):
    for x in range(W):
        r = (x * 255) // (W - 1)
        g = (y * 255) // (H - 1)
        b = ((x + y) * 7 + rnd.randrange(64)) % 256
        px[x, y] = (r, g, b)
draw = ImageDraw.Draw(src)
draw.rectangle((10, 8, 25, 20), fill=(255, 255, 255))
draw.rectangle((30, 25, 50, 40), fill=(0, 0, 0))
draw.line((0, 47, 63, 0), fill=(255, 0, 0), width=2)
draw.ellipse((40, 2, 60, 22), fill=(0, 255, 0))
src.save("lanczos_src_64x48.png")

src.resize((40, 30), Image.LANCZOS).save("lanczos_pillow_40x30.png")
src.resize((100, 75), Image.LANCZOS).save("lanczos_pillow_100x75.png")
# Only the vertical pass runs (width unchanged), as in Pillow's need_horizontal check.
src.resize((64, 20), Image.LANCZOS).save("lanczos_pillow_64x20.png")
# resize then crop: what the crop mode computes as one windowed resample.
src.resize((90, 60), Image.LANCZOS).crop((9, 10, 80, 50)).save("lanczos_pillow_90x60_crop_9_10_71x40.png")
