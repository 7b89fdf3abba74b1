"""Keep the splits apart: drop from the later training rounds (train_more_*.jsonl) every
message whose wording is a near-duplicate (character-3-gram cosine >= 0.8) of a held-out
message or of a training message kept before it. The held-out sets are never changed;
they are read here only to compare wordings, never to train or tune.

    python -m tests.eval.drop_near_duplicates          # rewrites the train_more files
    python -m tests.eval.drop_near_duplicates --check  # only says what it would drop
"""

from __future__ import annotations

import argparse
import json

from .learned_eval import DATA, HELD_OUT_FILES, load_all
from .similarity import NEAR_DUPLICATE, Nearest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only")
    args = parser.parse_args()
    held_out = Nearest([m.text for m in load_all(HELD_OUT_FILES)])
    kept = Nearest(json.loads(line)["text"] for line in
                   (DATA / "train.jsonl").read_text(encoding="utf-8").splitlines()
                   if line.strip())
    for path in sorted(DATA.glob("train_more_*.jsonl")):
        kept_lines, dropped = [], 0
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            if held_out.nearest_at_least(text, NEAR_DUPLICATE)[1] >= 0 \
                    or kept.nearest_at_least(text, NEAR_DUPLICATE)[1] >= 0:
                dropped += 1
                continue
            kept_lines.append(line)
            kept.add(text)
        print(f"{path.name}: {len(kept_lines)} kept, {dropped} near-duplicates dropped")
        if not args.check and dropped:
            path.write_text("\n".join(kept_lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
