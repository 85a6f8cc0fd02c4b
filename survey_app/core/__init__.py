"""What everything stands on: settings, the database and its models, migrations, the clock,
the bundled questionnaires and what a campaign is."""
