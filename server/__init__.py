"""The reference central server: our sync API, so the counter can be demonstrated and tested under faults."""
