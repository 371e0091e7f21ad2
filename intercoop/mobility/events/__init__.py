"""Training delivered to foreign trainees, and international competitions with their awards."""
