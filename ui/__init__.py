"""The application: use cases joining the layers, the command line and the Qt desktop app."""
