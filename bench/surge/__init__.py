"""The parts of bench/deadline_surge.py."""
