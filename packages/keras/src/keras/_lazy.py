"""Lazy re-export: a namespace module maps public names to "kc_module:attribute" and imports
the defining module on first access, so `import keras` stays cheap."""

import importlib


def install(module_globals, exports, submodules=()):
    """`exports`: {public_name: "module.path:attr"}; `submodules`: child namespace names."""
    package = module_globals["__name__"]

    def __getattr__(name):
        if name in exports:
            module_name, _, attr = exports[name].partition(":")
            value = getattr(importlib.import_module(module_name), attr or name)
        elif name in submodules:
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module_globals[name] = value
        return value

    def __dir__():
        return sorted(set(module_globals) | set(exports) | set(submodules))

    module_globals["__getattr__"] = __getattr__
    module_globals["__dir__"] = __dir__
    module_globals["__all__"] = sorted(exports)
