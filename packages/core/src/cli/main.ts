#!/usr/bin/env node
// Placeholder until the runtime issue lands the real CLI.
console.error('tickwire: the runtime is not built yet');
process.exitCode = 1;
