"""Shared test settings: quiet TensorFlow, and a per-test KERAS_HOME so no test writes to ~."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
