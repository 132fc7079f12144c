"""The operations pages served by ``counter-server run``: Jinja2 templates, no build step, no CDN."""
