"""The rule compiler: resolved nodes -> closures. dispatch.py maps node types to the modules compiling them."""
