"""Export the packaged sentence encoder to ONNX (fp32 + int8) in the tidings cache.

Usage: python scripts/export_encoder.py [--force]   (the same as `tidings models`)
Writes to $TIDINGS_CACHE or ~/.cache/tidings; needs the `onnx` package, never torch.
"""

from __future__ import annotations

import sys

from tidings.classifier._encoder import export_encoder
from tidings.errors import TidingsError


def main(argv: list[str]) -> int:
    try:
        path = export_encoder(quantized=True, force="--force" in argv)
    except TidingsError as exc:
        print(f"export_encoder: {exc}", file=sys.stderr)
        return 3
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
