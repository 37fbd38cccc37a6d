"""Rendering: analyses return data; these modules turn it into terminal output (rich),
Markdown, Mermaid, Graphviz DOT and JSON."""
