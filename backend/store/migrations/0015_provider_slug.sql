-- The name a provider has in model refs ("ollama@gpu-box:llama3.2:3b") when
-- another provider of its preset lists the same model. It is fixed when the
-- provider is added (renaming it keeps the refs chats already hold); the app
-- fills it for providers added before this column at start (models.FillSlugs).
ALTER TABLE providers ADD COLUMN slug TEXT NOT NULL DEFAULT '';
