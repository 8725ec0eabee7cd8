"""The rule language: syntax, names, interval numbers, the compiler to closures, the runtime."""
