// Placeholder until the log layer lands.
