"""Small widgets shared by Sidekick's windows and dialogs."""
