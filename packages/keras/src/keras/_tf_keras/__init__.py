"""Where TensorFlow looks for `tf.keras`: it finds our keras (see `keras/_tf_keras/keras`)."""
