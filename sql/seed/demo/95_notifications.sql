-- Notifications in the demo (0020, 0021).  The writes of the files before
-- this one made theirs already, through the triggers (hazards given to
-- people and registered at enterprises, orders addressed and escalated,
-- documents sent); here the reminders that are due today are made as
-- `safegridctl jobs` makes them, and each user's notifications older than
-- a day are marked read, so the inbox shows read and unread ones.  Made
-- once, marked once: safe to run again.
select app.make_reminders();

update notification n set read_at = n.created_at + interval '2 hours'
 where n.read_at is null and n.created_at < now() - interval '1 day';

-- The seed's own notifications are not for a gateway: the demo's outbox starts delivered.
update notification_outbox set delivered_at = now() where delivered_at is null and withdrawn is null;
