window.YTD.screen_name_change.part0 = [
  {
    "screenNameChange" : {
      "accountId" : "1000",
      "screenNameChange" : {
        "changedAt" : "2016-01-01T00:00:00.000Z",
        "changedFrom" : "old_ownr",
        "changedTo" : "ownr"
      }
    }
  }
]
