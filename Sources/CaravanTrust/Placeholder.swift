// Placeholder until the trust layer lands.
