# Choosing a campaign in /summary, /export, /review; an ended campaign is read-only
cp-pick-none-running = No campaign is running now. Choose a campaign to read (an ended campaign can be read, not changed):
cp-pick-title = Choose a campaign:
cp-button-other = 🗂 Another campaign
cp-state-running = running
cp-state-upcoming = not started
cp-state-ended = ended
cp-state-closed = closed
cp-read-only = { $why ->
        [closed] 📕 The campaign “{ $name }” is closed: read only.
       *[other] 📕 The campaign “{ $name }” ended on { $end }: figures as of that day, read only.
    }
cp-stale = This button can no longer be used; type the command again.
