"""Foreign nationals staying with us: international students and foreign experts, their permits and
deadlines."""
