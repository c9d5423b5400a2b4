// VernierTestSupport: see docs/ARCHITECTURE.md.
