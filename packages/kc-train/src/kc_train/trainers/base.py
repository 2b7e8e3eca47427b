"""What every backend's trainer shares: compile, the fit/evaluate/predict loops, callbacks.

A backend trainer provides `_make_train_step()`, `_make_test_step()`, `_make_predict_step()`:
each returns a function taking one batch of backend tensors and returning logs (train/test:
a dict of scalar tensors) or predictions. Everything per batch beyond that call is kept to a
minimum: logs are converted to Python floats only when a callback or the progress bar reads them.
"""

import itertools

import numpy as np
from kc_ops import core, structure, tree

from kc_train.compile_utils import CompileLoss, CompileMetrics


class TrainerBase:
    def __init__(self):
        self.compiled = False
        self.optimizer = None
        self.loss = None
        self.stop_training = False
        self.history = None
        self.train_function = None
        self.test_function = None
        self.predict_function = None
        self._compile_loss = None
        self._compile_metrics = None
        self._loss_tracker = None
        self._run_eagerly = False
        self._jit_compile = None
        self.steps_per_execution = 1

    # --- compile ------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True):
        from kc_train import optimizers
        from kc_train.metrics import Mean

        self.optimizer = optimizers.get(optimizer)
        if auto_scale_loss and self.dtype_policy.compute_dtype == "float16":
            if not isinstance(self.optimizer, optimizers.LossScaleOptimizer):
                self.optimizer = optimizers.LossScaleOptimizer(self.optimizer)
        self.loss = loss
        self._compile_loss = CompileLoss(loss, loss_weights, output_names=self._output_names()) if loss is not None else None
        self._compile_metrics = CompileMetrics(metrics, weighted_metrics, output_names=self._output_names()) if (metrics or weighted_metrics) else None
        self._loss_tracker = Mean(name="loss")
        if not isinstance(steps_per_execution, int) or steps_per_execution < 1:
            raise ValueError(f"steps_per_execution must be a positive int. Received: {steps_per_execution!r}")
        self.steps_per_execution = steps_per_execution
        self._run_eagerly = bool(run_eagerly)
        self._jit_compile = self._resolve_jit_compile(jit_compile)
        self._compile_config = {
            "optimizer": self.optimizer, "loss": loss,
            "loss_weights": loss_weights, "metrics": metrics, "weighted_metrics": weighted_metrics,
            "run_eagerly": run_eagerly, "steps_per_execution": steps_per_execution,
            "jit_compile": jit_compile,
        }
        self.train_function = self.test_function = self.predict_function = None
        self.compiled = True
        structure.changed()  # new loss tracker and compiled metrics

    def _resolve_jit_compile(self, jit_compile):
        return jit_compile if jit_compile != "auto" else None

    @property
    def run_eagerly(self):
        return self._run_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value):
        self._run_eagerly = bool(value)
        self.train_function = self.test_function = self.predict_function = None

    @property
    def jit_compile(self):
        return self._jit_compile

    @jit_compile.setter
    def jit_compile(self, value):
        self._jit_compile = self._resolve_jit_compile(value)
        self.train_function = self.test_function = self.predict_function = None

    @property
    def metrics(self):
        return self._cached_walk("trainer_metrics", self._walk_trainer_metrics)

    def _walk_trainer_metrics(self):
        found = []
        if self.compiled:
            if self._loss_tracker is not None:
                found.append(self._loss_tracker)
            if self._compile_metrics is not None:
                found.append(self._compile_metrics)
        for layer in self._flatten_layers(include_self=False):
            found.extend(getattr(layer, "_tracked_metrics", []))
        return found

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    def _output_names(self):
        outputs = getattr(self, "_outputs_struct", None)
        if isinstance(outputs, dict):
            return list(outputs)
        if outputs is not None:
            flat = tree.flatten(outputs)
            if len(flat) > 1:
                return [t._keras_history.operation.name for t in flat]
        return None

    # --- losses and metrics -------------------------------------------------------------
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        total = None
        if self._compile_loss is not None and y is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        extra = self.losses
        if extra:
            from kc_ops import numpy as knp

            regularization = knp.sum(knp.stack([knp.sum(core.cast(l, "float32")) for l in extra]))
            total = regularization if total is None else total + regularization
        if total is None:
            raise ValueError(
                "No loss to compute: compile the model with a `loss` (or call `add_loss` in a layer)."
            )
        return total

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        if self._compile_metrics is not None and y is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    def _log_names(self):
        """Log keys in Keras's order: the loss, then each compiled metric, then the rest."""
        names = []
        for metric in self.metrics:
            inner = getattr(metric, "metrics", None)
            if inner is not None:
                names.extend(m.name for m in inner)
            else:
                names.append(metric.name)
        return names

    def _ordered(self, logs):
        order = {name: i for i, name in enumerate(self._log_names())}
        return dict(sorted(logs.items(), key=lambda item: order.get(item[0], len(order))))

    def get_metrics_result(self):
        logs = {}
        for metric in self.metrics:  # a subclass may override `metrics`
            result = metric.result()
            if isinstance(result, dict):
                logs.update(result)
            else:
                logs[metric.name] = result
        return logs

    def _assert_compiled(self, method):
        if not self.compiled:
            raise RuntimeError(
                f"You must call `compile()` before `{method}()`: the model has no optimizer, "
                "loss or metrics yet."
            )

    # --- data ---------------------------------------------------------------------------
    def _adapter(self, x, y=None, sample_weight=None, batch_size=None, steps=None,
                 shuffle=False, class_weight=None):
        import kc_data

        if batch_size is None and steps is None and _is_array_data(x):
            batch_size = 32
        return kc_data.get_data_adapter(
            x, y, sample_weight=sample_weight, batch_size=batch_size, steps_per_epoch=steps,
            shuffle=shuffle, class_weight=class_weight,
        )

    def _ensure_built(self, batch):
        """Build the model, the compiled loss and metrics on the first batch, eagerly, so that
        no variable is created inside a traced (jitted) step."""
        x, y, _ = unpack_data(batch)
        needs_compile_build = self.compiled and y is not None and (
            (self._compile_metrics is not None and not self._compile_metrics._built)
            or (self._compile_loss is not None and self._compile_loss._losses is None))
        if self.built and not needs_compile_build:
            return
        if hasattr(self, "_build_by_run"):
            self._build_by_run(x)
        y_pred = self(x, training=False)
        if needs_compile_build:
            if self._compile_loss is not None:
                self._compile_loss.build(y, y_pred)
            if self._compile_metrics is not None:
                self._compile_metrics.build(y, y_pred)

    # --- fit ----------------------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        import kc_data

        from kc_train.callbacks import CallbackList

        self._assert_compiled("fit")
        self._check_trainable_backend()
        if validation_split and validation_data is None:
            if not _is_array_data(x):
                raise ValueError(
                    "validation_split is only supported for NumPy arrays, tensors and pandas "
                    f"objects. Received x of type {type(x).__name__}; pass validation_data instead."
                )
            (x, y, sample_weight), validation_data = kc_data.train_validation_split(
                (x, y, sample_weight), validation_split=validation_split)
        adapter = self._adapter(x, y, sample_weight, batch_size, steps_per_epoch, shuffle, class_weight)
        val_adapter = None
        if validation_data is not None:
            vx, vy, vsw = kc_data.unpack_x_y_sample_weight(validation_data)
            val_adapter = self._adapter(vx, vy, vsw, validation_batch_size or batch_size or 32, validation_steps)
        verbose = _resolve_verbose(verbose)
        callback_list = callbacks if isinstance(callbacks, CallbackList) else CallbackList(
            callbacks, add_history=True, add_progbar=verbose != 0, model=self, verbose=verbose,
            epochs=epochs, steps=adapter.num_batches)
        self.stop_training = False
        self._initial_epoch = None
        callback_list.on_train_begin()
        if self._initial_epoch is not None:  # set by BackupAndRestore when it restored a backup
            initial_epoch = self._initial_epoch
            self.train_function = None
        logs = {}
        epoch_logs = {}
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            adapter.on_epoch_begin()
            callback_list.on_epoch_begin(epoch)
            step = -1
            for step, batch in enumerate(_limited(adapter.get_iterator(), steps_per_epoch)):
                self._ensure_built(batch)
                if self.train_function is None:
                    self.train_function = self.make_train_function()
                callback_list.on_train_batch_begin(step)
                logs = self.train_function(batch)
                callback_list.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            if step == -1:
                raise ValueError("The training data produced no batch: is it empty?")
            adapter.on_epoch_end()
            self._sync_variables()  # callbacks and validation read the Variables
            epoch_logs = self._ordered(_to_python(self._final_train_logs(logs)))
            if val_adapter is not None and _should_validate(epoch, validation_freq):
                val_logs = self.evaluate(
                    None, _adapter=val_adapter, callbacks=callback_list, return_dict=True,
                    verbose=0, _internal=True)
                epoch_logs.update({f"val_{k}": v for k, v in val_logs.items()})
            callback_list.on_epoch_end(epoch, epoch_logs)
            if self.stop_training:
                break
        self._sync_variables()
        callback_list.on_train_end(epoch_logs)
        return self.history

    def _final_train_logs(self, logs):
        return self.get_metrics_result() if not logs else logs

    def _check_trainable_backend(self):
        pass

    def _sync_variables(self):
        pass

    # --- evaluate -----------------------------------------------------------------------
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        from kc_train.callbacks import CallbackList

        self._assert_compiled("evaluate")
        internal = kwargs.pop("_internal", False)
        adapter = kwargs.pop("_adapter", None)
        if kwargs:
            raise TypeError(f"evaluate() got unexpected keyword arguments: {sorted(kwargs)}")
        if adapter is None:
            adapter = self._adapter(x, y, sample_weight, batch_size, steps)
        verbose = _resolve_verbose(verbose)
        callback_list = callbacks if isinstance(callbacks, CallbackList) else CallbackList(
            callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
            steps=adapter.num_batches)
        self._sync_variables()
        self.reset_metrics()
        callback_list.on_test_begin()
        logs = {}
        for step, batch in enumerate(_limited(adapter.get_iterator(), steps)):
            self._ensure_built(batch)
            if self.test_function is None:
                self.test_function = self.make_test_function()
            callback_list.on_test_batch_begin(step)
            logs = self.test_function(batch)
            callback_list.on_test_batch_end(step, logs)
        logs = self._ordered(_to_python(self.get_metrics_result() if not logs else logs))
        self._sync_variables()
        callback_list.on_test_end(logs)
        if return_dict or internal:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    # --- predict ------------------------------------------------------------------------
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        from kc_train.callbacks import CallbackList

        adapter = self._adapter(x, None, None, batch_size, steps)
        verbose = _resolve_verbose(verbose)
        callback_list = callbacks if isinstance(callbacks, CallbackList) else CallbackList(
            callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
            steps=adapter.num_batches)
        callback_list.on_predict_begin()
        outputs = []
        for step, batch in enumerate(_limited(adapter.get_iterator(), steps)):
            self._ensure_built(batch)
            if self.predict_function is None:
                self.predict_function = self.make_predict_function()
            callback_list.on_predict_batch_begin(step)
            y = self.predict_function(batch)
            outputs.append(core.convert_to_numpy(y) if core.is_tensor(y)
                           else tree.map_structure(core.convert_to_numpy, y))
            callback_list.on_predict_batch_end(step, {"outputs": y})
        callback_list.on_predict_end()
        if not outputs:
            raise ValueError("predict() received no batch: is the input empty?")
        if all(type(part) is np.ndarray for part in outputs):  # a single-output model
            return np.concatenate(outputs, axis=0)
        return tree.map_structure(lambda *parts: np.concatenate(parts, axis=0), *outputs)

    # --- single batches -----------------------------------------------------------------
    def _single_batch(self, x, y=None, sample_weight=None):
        import kc_data

        adapter = kc_data.get_data_adapter(x, y, sample_weight=sample_weight, batch_size=None)
        return next(iter(adapter.get_iterator()))

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        self._assert_compiled("train_on_batch")
        self._check_trainable_backend()
        batch = self._single_batch(x, y, sample_weight)
        self._ensure_built(batch)
        if self.train_function is None:
            self.train_function = self.make_train_function()
        logs = self._ordered(_to_python(self.train_function(batch)))
        self._sync_variables()
        return _logs_result(logs, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        self._assert_compiled("test_on_batch")
        batch = self._single_batch(x, y, sample_weight)
        self._ensure_built(batch)
        self.reset_metrics()
        if self.test_function is None:
            self.test_function = self.make_test_function()
        return _logs_result(self._ordered(_to_python(self.test_function(batch))), return_dict)

    def predict_on_batch(self, x):
        batch = self._single_batch(x)
        self._ensure_built(batch)
        if self.predict_function is None:
            self.predict_function = self.make_predict_function()
        return tree.map_structure(core.convert_to_numpy, self.predict_function(batch))

    # --- steps (overridable, per Keras's "customizing fit" guides) ---------------------
    def predict_step(self, data):
        x = data[0]
        return self(x, training=False)

    def get_compile_config(self):
        from kc_saving.serialization import serialize_keras_object

        if not self.compiled:
            return None
        return {key: serialize_keras_object(value) for key, value in self._compile_config.items()}

    def compile_from_config(self, config):
        from kc_saving.serialization import deserialize_keras_object

        def restore(value):
            if isinstance(value, dict) and "class_name" in value:
                return deserialize_keras_object(value)
            if isinstance(value, list):
                return [restore(v) for v in value]
            if isinstance(value, dict):
                return {k: restore(v) for k, v in value.items()}
            return value

        self.compile(**{key: restore(value) for key, value in config.items()})


def _logs_result(logs, return_dict):
    if return_dict:
        return logs
    values = list(logs.values())
    return values[0] if len(values) == 1 else values


def _is_array_data(x):
    if x is None:
        return False
    leaves = tree.flatten(x)
    return bool(leaves) and all(
        isinstance(v, np.ndarray) or core.is_tensor(v) or type(v).__module__.startswith("pandas")
        for v in leaves
    )


def _limited(iterator, steps):
    """The first `steps` batches (all without `steps`: the iterator itself, one generator
    frame less per batch)."""
    return iterator if steps is None else itertools.islice(iterator, steps)


def _should_validate(epoch, validation_freq):
    if isinstance(validation_freq, int):
        return (epoch + 1) % validation_freq == 0
    return (epoch + 1) in validation_freq


def _resolve_verbose(verbose):
    if verbose == "auto":
        return 1
    if verbose not in (0, 1, 2):
        raise ValueError(f"verbose must be 0, 1, 2 or 'auto'. Received: {verbose!r}")
    return verbose


def _to_python(logs):
    result = {}
    for key, value in logs.items():
        array = core.convert_to_numpy(value)
        result[key] = float(array) if np.ndim(array) == 0 else array
    return result


def unpack_data(data):
    """`(x,)`, `(x, y)` or `(x, y, sample_weight)` -> `(x, y, sample_weight)`."""
    x = data[0]
    y = data[1] if len(data) > 1 else None
    sample_weight = data[2] if len(data) > 2 else None
    return x, y, sample_weight


def batch_size_of(x):
    return (x if core.is_tensor(x) else tree.flatten(x)[0]).shape[0]
