"""Official holiday schedules (节假日安排), one YAML file per year; see README.md in this folder."""
