ALTER TABLE `faqs` ADD `shadowed_by` integer REFERENCES faqs(id) ON DELETE set null;
