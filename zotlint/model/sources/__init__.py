"""The sources of the deployment model, one module each (see ``base.BuildContext``)."""
