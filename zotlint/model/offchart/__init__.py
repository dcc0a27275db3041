"""zot outside its chart: plain manifests, bjw-s app-template values, kustomize generators,
configs inside ExternalSecret templates, Flux substitution and chartRef, Rancher Fleet.

Each source is one module; ``STEPS_BEFORE_CONFIGS`` add deployments, ``configlink.attach``
links their configs, ``generators.apply_keys`` completes the Secret index (see
zotlint.model.build for where they run).
"""
