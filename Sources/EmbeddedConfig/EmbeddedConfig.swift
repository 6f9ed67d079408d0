// EmbeddedConfig module. (Placeholder until its issue lands.)
