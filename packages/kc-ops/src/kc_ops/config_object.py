"""`keras.utils.Config`: a dict with attribute access that can be frozen."""

import json


class Config:
    def __init__(self, **kwargs):
        object.__setattr__(self, "_values", dict(kwargs))
        object.__setattr__(self, "_frozen", False)

    @property
    def frozen(self):
        return self._frozen

    def freeze(self):
        object.__setattr__(self, "_frozen", True)

    def unfreeze(self):
        object.__setattr__(self, "_frozen", False)

    def _check_mutable(self):
        if self._frozen:
            raise ValueError("This Config is frozen: call unfreeze() before changing it.")

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"Config has no attribute {name!r}.") from None

    def __setattr__(self, name, value):
        self._check_mutable()
        self._values[name] = value

    def __delattr__(self, name):
        self._check_mutable()
        del self._values[name]

    def __getitem__(self, key):
        return self._values[key]

    def __setitem__(self, key, value):
        self._check_mutable()
        self._values[key] = value

    def __delitem__(self, key):
        self._check_mutable()
        del self._values[key]

    def __contains__(self, key):
        return key in self._values

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def get(self, keyname, value=None):
        return self._values.get(keyname, value)

    def pop(self, *args):
        self._check_mutable()
        return self._values.pop(*args)

    def update(self, *args, **kwargs):
        self._check_mutable()
        self._values.update(*args, **kwargs)

    def keys(self):
        return self._values.keys()

    def values(self):
        return self._values.values()

    def items(self):
        return self._values.items()

    def as_dict(self):
        return dict(self._values)

    def to_json(self):
        return json.dumps(self._values)

    def __repr__(self):
        return f"Config({self._values!r})"
