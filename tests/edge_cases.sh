#!/bin/bash
# SPDX-License-Identifier: MIT
# The named edge cases of the relationship model (tests/edge_cases.py).
exec python3 "$TG_SOURCE_DIR/tests/edge_cases.py"
