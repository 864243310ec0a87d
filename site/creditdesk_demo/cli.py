"""`flask demo seed`."""

import click
from flask.cli import AppGroup

from .seed import seed

demo = AppGroup("demo", help="Fake data for trying and benchmarking (never for production).")


@demo.command("seed")
@click.option("--leads", "count", type=click.IntRange(min=1, max=1_000_000), default=200,
              show_default=True)
@click.option("--seed", "random_seed", type=int, default=None, help="Repeatable fake data.")
def demo_seed(count: int, random_seed: int | None) -> None:
    """Fill the database with realistic fake leads and self-check results."""
    stats = seed(count, random_seed=random_seed)
    click.echo(f"seeded {stats['leads']} leads, {stats['results']} self-check results, "
               f"{stats['notes']} notes")
