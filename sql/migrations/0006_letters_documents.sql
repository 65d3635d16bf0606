-- Responsibility letters and documents: a closed campaign freezes its
-- documents as it does its letters, and the letter list by campaign has an
-- index in the order it pages.

-- ---------------------------------------------------------------------------
-- Documents: read-only once their campaign is closed
-- ---------------------------------------------------------------------------

-- Acknowledging (document_recipient) stays possible: it records reading,
-- not a change to the campaign.
create trigger document_campaign_open before insert or update or delete on document
  for each row execute function app.campaign_closed_guard();

-- ---------------------------------------------------------------------------
-- Responsibility letters: listed by campaign, keyset by id
-- ---------------------------------------------------------------------------

create index responsibility_letter_list on responsibility_letter (township_id, campaign_id, id);
