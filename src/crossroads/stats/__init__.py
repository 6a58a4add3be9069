"""The statistics core of Crossroads.

Pure Python and NumPy/SciPy; it never imports Django (an import contract
checks this), so the web application, the command line, notebooks and list
holders outside the network all share the same code. Public surfaces:

* :mod:`crossroads.stats.linkage` - normalised identities, keyed linkage tokens, token
  files, and the linkage of lists into an overlap table.
* :mod:`crossroads.stats.intervals` - confidence intervals for proportions (Wilson).
* :mod:`crossroads.stats.mse` - Multiple Systems Estimation of the hidden number of victims.
* :mod:`crossroads.stats.disclosure` - cell suppression, rounding and audits of exchanged tables.
"""
