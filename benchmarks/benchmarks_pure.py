"""The benchmark models written directly in each framework (no keras), with Adam and sparse
categorical crossentropy from logits, matching benchmarks/train_step.py's keras models."""

import numpy as np

LR, B1, B2, EPS = 1e-3, 0.9, 0.999, 1e-7


def _glorot(rng, shape):
    fan_in = int(np.prod(shape[:-1]))
    fan_out = shape[-1] * (int(np.prod(shape[:-2])) if len(shape) > 2 else 1)
    limit = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, shape).astype("float32")


def _shapes(kind):
    if kind == "mlp":
        return [(784, 256), (256,), (256, 256), (256,), (256, 10), (10,)]
    return [(3, 3, 1, 64), (64,), (3, 3, 64, 64), (64,), (3, 3, 64, 128), (128,),
            (3, 3, 128, 128), (128,), (128, 10), (10,)]


def _init(kind):
    rng = np.random.default_rng(1)
    return [_glorot(rng, s) if len(s) > 1 else np.zeros(s, "float32") for s in _shapes(kind)]


def jax_steps(kind, x, y):
    import jax
    import jax.numpy as jnp

    def forward(params, x):
        if kind == "mlp":
            h = jax.nn.relu(x @ params[0] + params[1])
            h = jax.nn.relu(h @ params[2] + params[3])
            return h @ params[4] + params[5]
        dims = ("NHWC", "HWIO", "NHWC")
        h = x
        for i in (0, 2):
            h = jax.nn.relu(jax.lax.conv_general_dilated(h, params[i], (1, 1), "VALID", dimension_numbers=dims) + params[i + 1])
        h = jax.lax.reduce_window(h, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
        for i in (4, 6):
            h = jax.nn.relu(jax.lax.conv_general_dilated(h, params[i], (1, 1), "VALID", dimension_numbers=dims) + params[i + 1])
        return h.mean(axis=(1, 2)) @ params[8] + params[9]

    def loss_fn(params, x, y):
        logits = forward(params, x)
        return -jnp.mean(jnp.take_along_axis(jax.nn.log_softmax(logits), y[:, None], axis=1))

    @jax.jit
    def train(state, x, y):
        params, m, v, t = state
        loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
        t = t + 1
        m = [B1 * mi + (1 - B1) * g for mi, g in zip(m, grads)]
        v = [B2 * vi + (1 - B2) * g * g for vi, g in zip(v, grads)]
        lr = LR * jnp.sqrt(1 - B2**t) / (1 - B1**t)
        params = [p - lr * mi / (jnp.sqrt(vi) + EPS) for p, mi, vi in zip(params, m, v)]
        return loss, (params, m, v, t)

    evaluate = jax.jit(loss_fn)
    predict = jax.jit(forward)
    params = [jnp.asarray(p) for p in _init(kind)]
    holder = {"state": (params, [jnp.zeros_like(p) for p in params], [jnp.zeros_like(p) for p in params], jnp.asarray(0.0))}
    xj, yj = jnp.asarray(x), jnp.asarray(y)

    def train_step():
        loss, holder["state"] = train(holder["state"], xj, yj)
        return float(loss)

    return {"train": train_step,
            "evaluate": lambda: float(evaluate(holder["state"][0], xj, yj)),
            "predict": lambda: np.asarray(predict(holder["state"][0], xj))}


def torch_steps(kind, x, y):
    import torch

    layers = []
    if kind == "mlp":
        layers = [torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10)]
    else:
        layers = [torch.nn.Conv2d(1, 64, 3), torch.nn.ReLU(), torch.nn.Conv2d(64, 64, 3), torch.nn.ReLU(),
                  torch.nn.MaxPool2d(2), torch.nn.Conv2d(64, 128, 3), torch.nn.ReLU(),
                  torch.nn.Conv2d(128, 128, 3), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1),
                  torch.nn.Flatten(), torch.nn.Linear(128, 10)]
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=LR, eps=EPS)
    xt = torch.as_tensor(x if kind == "mlp" else np.transpose(x, (0, 3, 1, 2)).copy())
    yt = torch.as_tensor(y).long()
    loss_fn = torch.nn.CrossEntropyLoss()

    def train_step():
        optimizer.zero_grad()
        loss = loss_fn(model(xt), yt)
        loss.backward()
        optimizer.step()
        return float(loss.detach())

    def evaluate():
        with torch.no_grad():
            return float(loss_fn(model(xt), yt))

    def predict():
        with torch.no_grad():
            return model(xt).numpy()

    return {"train": train_step, "evaluate": evaluate, "predict": predict}


def tf_steps(kind, x, y):
    import tensorflow as tf

    params = [tf.Variable(p) for p in _init(kind)]
    m = [tf.Variable(tf.zeros_like(p)) for p in params]
    v = [tf.Variable(tf.zeros_like(p)) for p in params]
    t = tf.Variable(0.0)

    def forward(x):
        if kind == "mlp":
            h = tf.nn.relu(x @ params[0] + params[1])
            h = tf.nn.relu(h @ params[2] + params[3])
            return h @ params[4] + params[5]
        h = x
        for i in (0, 2):
            h = tf.nn.relu(tf.nn.conv2d(h, params[i], 1, "VALID") + params[i + 1])
        h = tf.nn.max_pool2d(h, 2, 2, "VALID")
        for i in (4, 6):
            h = tf.nn.relu(tf.nn.conv2d(h, params[i], 1, "VALID") + params[i + 1])
        return tf.reduce_mean(h, axis=(1, 2)) @ params[8] + params[9]

    def loss_fn(x, y):
        return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, forward(x)))

    @tf.function
    def train(x, y):
        with tf.GradientTape() as tape:
            loss = loss_fn(x, y)
        grads = tape.gradient(loss, params)
        t.assign_add(1.0)
        lr = LR * tf.sqrt(1 - B2**t) / (1 - B1**t)
        for p, g, mi, vi in zip(params, grads, m, v):
            mi.assign(B1 * mi + (1 - B1) * g)
            vi.assign(B2 * vi + (1 - B2) * g * g)
            p.assign_sub(lr * mi / (tf.sqrt(vi) + EPS))
        return loss

    evaluate = tf.function(loss_fn)
    predict = tf.function(forward)
    xt, yt = tf.constant(x), tf.constant(y)
    return {"train": lambda: float(train(xt, yt)), "evaluate": lambda: float(evaluate(xt, yt)),
            "predict": lambda: predict(xt).numpy()}
