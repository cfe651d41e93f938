window.YTD.deleted_tweets.part0 = [
  { "tweet" : { "id_str" : "99", "id" : "99", "created_at" : "Mon Jan 04 10:00:00 +0000 2021", "full_text" : "deleted", "entities" : { } } }
]
