"""Public testing aids: Hypothesis strategies (``sdpmodel.testing.strategies``).

Importing this package imports nothing else; the strategies need the
``testing`` extra (``pip install sdpmodel[testing]``), which brings Hypothesis.
"""
