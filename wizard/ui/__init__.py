"""The Qt front end: the wizard window, its pages and the widgets they share."""
