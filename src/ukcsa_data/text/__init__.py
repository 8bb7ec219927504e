"""The text layer: numeric tokens and number phrases, parsed without reading the
words around them; imports only :mod:`ukcsa_data.core`."""
