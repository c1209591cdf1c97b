-- The name a tool call's server had when the call was made, shown on the
-- call's card ("from Web search"): the card could only find it among the
-- servers configured now, so a removed server, or a chat from another
-- device, showed the tool name's model-safe prefix ("web_search").
ALTER TABLE messages ADD COLUMN tool_server TEXT NOT NULL DEFAULT '';
