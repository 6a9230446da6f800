#!/usr/bin/python3
"""Writes a small synthetic VGG-Face weights file for dev.facecal.models.VggFace*Test.

Run with Debian's interpreter (needs python3-h5py and numpy, no Keras or TensorFlow):

    /usr/bin/python3 reference/make_vggface_h5.py

The file has the layout that Keras 2 `model.save_weights("x.h5")` gives DeepFace's Sequential
VGG-Face model (the layout of DeepFace's release file vgg_face_weights.h5):

- root attributes `layer_names` (fixed-length byte strings, every layer of the model in order,
  weightless ones included), `backend` and `keras_version`;
- one group per layer, with attribute `weight_names`: an empty array for ZeroPadding2D,
  MaxPooling2D, Dropout, Flatten and Activation, and [b"conv2d_K/kernel:0", b"conv2d_K/bias:0"]
  for each Convolution2D;
- the weights as float32 datasets at /<layer>/<layer>/kernel:0 (shape kh, kw, in, out, "HWIO")
  and /<layer>/<layer>/bias:0 (shape out).

The layer structure is VGG-Face's (224x224x3 input; 13 3x3 convolutions, each after a 1-pixel
zero padding, in blocks of 2, 2, 3, 3, 3 with a 2x2/2 max pool after each block; then the
"fully connected" layers as convolutions: 7x7 valid (fc6), 1x1 (fc7), 1x1 without ReLU (fc8)),
but with a few channels per layer instead of 64..512, 4096 and 2622, so that the file stays a
few tens of kB. The channel counts differ from layer to layer, so that a converter that mixes up
axes or hard-codes counts fails. Weights are He-scaled normal draws from a fixed seed, so that
activations neither vanish nor explode through 16 layers.

Nothing here comes from Keras or DeepFace; the layout was written by hand from Keras 2's
documented HDF5 weight format. The output is byte-identical from run to run (no timestamps).

A second file, vgg_face_bad_fc6.h5, is the same with fc6 (conv2d_14) as a 3x3 instead of a 7x7
convolution, for the converter's "this is not VGG-Face" error.
"""
import pathlib

import h5py
import numpy as np

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/fixtures/vggface"
SEED = 20240108

# output channels of the 13 3x3 convolutions, then fc6, fc7 ("4096") and fc8 ("2622")
CONV_CHANNELS = [4, 5, 6, 4, 5, 6, 7, 3, 4, 5, 6, 5, 4]
FC_CHANNELS = [10, 12, 9]
BLOCKS = [2, 2, 3, 3, 3]


def layer_plan(fc6_kernel=7):
    """(layer name, kind, kernel size, out channels) in the order of DeepFace's base_model()."""
    plan = []
    counters = {}

    def name(prefix):
        counters[prefix] = counters.get(prefix, 0) + 1
        return f"{prefix}_{counters[prefix]}"

    conv = iter(CONV_CHANNELS)
    for block in BLOCKS:
        for _ in range(block):
            plan.append((name("zero_padding2d"), "pad", 0, 0))
            plan.append((name("conv2d"), "conv", 3, next(conv)))
        plan.append((name("max_pooling2d"), "pool", 0, 0))
    plan.append((name("conv2d"), "conv", fc6_kernel, FC_CHANNELS[0]))
    plan.append((name("dropout"), "dropout", 0, 0))
    plan.append((name("conv2d"), "conv", 1, FC_CHANNELS[1]))
    plan.append((name("dropout"), "dropout", 0, 0))
    plan.append((name("conv2d"), "conv", 1, FC_CHANNELS[2]))
    plan.append((name("flatten"), "flatten", 0, 0))
    plan.append((name("activation"), "activation", 0, 0))
    return plan


def write(path, plan):
    rng = np.random.default_rng(SEED)
    with h5py.File(path, "w", track_order=False) as f:
        f.attrs["layer_names"] = np.array([n.encode("utf8") for n, *_ in plan])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.2.4"
        channels = 3
        for lname, kind, k, out in plan:
            g = f.create_group(lname)
            if kind != "conv":
                g.attrs["weight_names"] = np.asarray([])  # what Keras writes for an empty list
                continue
            fan_in = k * k * channels
            kernel = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(k, k, channels, out)).astype(np.float32)
            bias = rng.normal(0.0, 0.05, size=(out,)).astype(np.float32)
            names = [f"{lname}/kernel:0", f"{lname}/bias:0"]
            g.attrs["weight_names"] = np.array([n.encode("utf8") for n in names])
            g.create_dataset(names[0], data=kernel, track_times=False)
            g.create_dataset(names[1], data=bias, track_times=False)
            channels = out
    print(f"wrote {path} ({path.stat().st_size} bytes)")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "vgg_face_synthetic.h5", layer_plan())
    # the same file with fc6 as a 3x3 instead of a 7x7 convolution: the converter must name that layer
    write(OUT / "vgg_face_bad_fc6.h5", layer_plan(fc6_kernel=3))


if __name__ == "__main__":
    main()
